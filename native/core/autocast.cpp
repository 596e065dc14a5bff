#include "core/autocast.h"

#include <ATen/autocast_mode.h>

namespace mmdet4j::core {

std::optional<at::ScalarType> autocast_dtype(const std::string& precision) {
  if (precision == "fp32" || precision == "float32") return std::nullopt;
  if (precision == "bf16" || precision == "bfloat16") return at::kBFloat16;
  if (precision == "fp16" || precision == "float16") return at::kHalf;
  TORCH_CHECK(false, "precision must be fp32, bf16 or fp16 (float32, bfloat16, float16), got '", precision, "'");
}

AutocastGuard::AutocastGuard(c10::DeviceType device_type, std::optional<at::ScalarType> dtype)
    : device_type_(device_type) {
  if (!dtype) return;
  TORCH_CHECK(at::autocast::is_autocast_available(device_type), "autocast is not available on ",
              c10::DeviceTypeName(device_type));
  previous_enabled_ = at::autocast::is_autocast_enabled(device_type);
  previous_dtype_ = at::autocast::get_autocast_dtype(device_type);
  at::autocast::set_autocast_enabled(device_type, true);
  at::autocast::set_autocast_dtype(device_type, *dtype);
  at::autocast::increment_nesting();
  active_ = true;
}

AutocastGuard::~AutocastGuard() {
  if (!active_) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_autocast_enabled(device_type_, previous_enabled_);
  at::autocast::set_autocast_dtype(device_type_, previous_dtype_);
}

torch::Tensor to_float32(const torch::Tensor& t) {
  if (t.defined() && (t.scalar_type() == at::kHalf || t.scalar_type() == at::kBFloat16)) return t.to(at::kFloat);
  return t;
}

std::vector<torch::Tensor> to_float32(const std::vector<torch::Tensor>& ts) {
  std::vector<torch::Tensor> out;
  out.reserve(ts.size());
  for (const auto& t : ts) out.push_back(to_float32(t));
  return out;
}

}  // namespace mmdet4j::core
