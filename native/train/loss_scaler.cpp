#include "train/loss_scaler.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace mmdet4j::train {
namespace {

void check_scaler(double scale, double growth, double backoff, int64_t interval, const std::string& where) {
  TORCH_CHECK(std::isfinite(scale) && scale > 0, where, ": the loss scale must be positive and finite, got ", scale);
  TORCH_CHECK(std::isfinite(growth) && growth >= 1, where, ": growth_factor must be >= 1, got ", growth);
  TORCH_CHECK(std::isfinite(backoff) && backoff > 0 && backoff <= 1, where, ": backoff_factor must be in (0, 1], got ",
              backoff);
  TORCH_CHECK(interval >= 1, where, ": growth_interval must be >= 1, got ", interval);
}

}  // namespace

LossScaler LossScaler::from(const Json& value, const std::string& key) {
  LossScaler s;
  s.enabled_ = true;
  if (value.is_number()) {
    s.scale_ = value.get<double>();  // static: GradScaler(init_scale) updated to the same value each step
  } else if (value.is_string() && value.get<std::string>() == "dynamic") {
    s.dynamic_ = true;
    s.scale_ = 65536.0;  // GradScaler's defaults
  } else if (value.is_object()) {
    s.dynamic_ = true;
    for (const auto& [k, v] : value.items()) {
      TORCH_CHECK(v.is_number(), key, ".", k, ": expected a number");
      if (k == "init_scale") {
        s.scale_ = v.get<double>();
      } else if (k == "growth_factor") {
        s.growth_factor_ = v.get<double>();
      } else if (k == "backoff_factor") {
        s.backoff_factor_ = v.get<double>();
      } else if (k == "growth_interval") {
        s.growth_interval_ = v.get<int64_t>();
      } else {
        TORCH_CHECK(false, key, ".", k,
                    ": unknown key (GradScaler takes init_scale, growth_factor, backoff_factor, growth_interval)");
      }
    }
    if (!value.contains("init_scale")) s.scale_ = 65536.0;
  } else {
    TORCH_CHECK(false, key, ": expected a number, 'dynamic' or a dict of GradScaler's arguments, got ", value.dump());
  }
  check_scaler(s.scale_, s.growth_factor_, s.backoff_factor_, s.growth_interval_, key);
  return s;
}

void LossScaler::update(bool found_inf) {
  if (!enabled_ || !dynamic_) return;
  if (found_inf) {
    scale_ *= backoff_factor_;
    growth_tracker_ = 0;
  } else if (++growth_tracker_ >= growth_interval_) {
    scale_ *= growth_factor_;
    growth_tracker_ = 0;
  }
}

std::string LossScaler::state() const {
  if (!enabled_) return "";
  return Json{{"scale", scale_},
              {"growth_factor", growth_factor_},
              {"backoff_factor", backoff_factor_},
              {"growth_interval", growth_interval_},
              {"_growth_tracker", growth_tracker_}}
      .dump();
}

void LossScaler::load_state(const std::string& text) {
  TORCH_CHECK(enabled_, "loss scaler state given but mixed precision with a loss scale is not configured");
  Json j;
  try {
    j = Json::parse(text);
  } catch (const std::exception& e) {
    TORCH_CHECK(false, "loss scaler state is not JSON: ", e.what());
  }
  TORCH_CHECK(j.is_object(), "loss scaler state must be a JSON object");
  auto number = [&](const char* key) {
    TORCH_CHECK(j.contains(key) && j[key].is_number(), "loss scaler state: '", key, "' is missing or not a number");
    return j[key].get<double>();
  };
  const double scale = number("scale"), growth = number("growth_factor"), backoff = number("backoff_factor");
  const auto interval = static_cast<int64_t>(number("growth_interval"));
  const auto tracker = static_cast<int64_t>(number("_growth_tracker"));
  check_scaler(scale, growth, backoff, interval, "loss scaler state");
  TORCH_CHECK(tracker >= 0, "loss scaler state: _growth_tracker must be >= 0, got ", tracker);
  scale_ = scale, growth_factor_ = growth, backoff_factor_ = backoff;
  growth_interval_ = interval, growth_tracker_ = tracker;
}

}  // namespace mmdet4j::train
