#include "core/anchor/prior_box.h"

#include <c10/util/Exception.h>

namespace mmdet4j::core {

const Schema& PriorBoxOptions::schema() {
  static const Schema s = Schema()
      .required("min_sizes", ParamType::kAny, "per level, the sizes (pixels) of each cell's square priors")
      .required("steps", ParamType::kIntList, "per level, the stride of its feature map")
      .optional("densities", ParamType::kAny, nullptr,
                "per level and size, d for a d x d grid of priors per cell (FaceBoxes' densification); None: 1")
      .optional("clip", ParamType::kBool, false, "clamp the priors to the image");
  return s;
}

namespace {

template <typename T>
std::vector<std::vector<T>> nested_list(const Options& o, const std::string& key) {
  const auto json = o.to_json().at(key);
  TORCH_CHECK(json.is_array(), o.path_of(key), ": must be a list of lists, one per level");
  std::vector<std::vector<T>> out;
  for (const auto& level : json) {
    TORCH_CHECK(level.is_array() && !level.empty(), o.path_of(key), ": each level must be a non-empty list");
    std::vector<T> values;
    for (const auto& v : level) {
      TORCH_CHECK(v.is_number(), o.path_of(key), ": values must be numbers");
      values.push_back(v.get<T>());
    }
    out.push_back(std::move(values));
  }
  return out;
}

}  // namespace

PriorBoxOptions PriorBoxOptions::from(const Options& given) {
  const auto o = given.checked_by(schema(), "prior boxes");
  PriorBoxOptions p;
  p.min_sizes = nested_list<double>(o, "min_sizes");
  o.mark_read("min_sizes");
  p.steps = o.get_int_list("steps");
  p.clip = o.get_bool("clip");
  TORCH_CHECK(p.min_sizes.size() == p.steps.size(), o.path_of("min_sizes"), ": ", p.min_sizes.size(),
              " levels but steps has ", p.steps.size());
  for (auto s : p.steps) TORCH_CHECK(s > 0, o.path_of("steps"), ": must be positive, got ", s);
  for (const auto& level : p.min_sizes) {
    for (double s : level) TORCH_CHECK(s > 0, o.path_of("min_sizes"), ": sizes must be positive, got ", s);
  }
  if (!o.is_null("densities")) {
    p.densities = nested_list<int64_t>(o, "densities");
    TORCH_CHECK(p.densities.size() == p.min_sizes.size(), o.path_of("densities"), ": ", p.densities.size(),
                " levels but min_sizes has ", p.min_sizes.size());
    for (size_t l = 0; l < p.densities.size(); ++l) {
      TORCH_CHECK(p.densities[l].size() == p.min_sizes[l].size(), o.path_of("densities"), ": level ", l, " has ",
                  p.densities[l].size(), " densities for ", p.min_sizes[l].size(), " sizes");
      for (auto d : p.densities[l]) TORCH_CHECK(d > 0, o.path_of("densities"), ": must be positive, got ", d);
    }
  }
  o.mark_read("densities");
  return p;
}

PriorBox::PriorBox(PriorBoxOptions options) : options_(std::move(options)) {
  TORCH_CHECK(!options_.steps.empty() && options_.steps.size() == options_.min_sizes.size(),
              "PriorBox: one list of sizes per step");
}

namespace {

int64_t density_of(const PriorBoxOptions& o, size_t level, size_t size) {
  return o.densities.empty() ? 1 : o.densities[level][size];
}

}  // namespace

int64_t PriorBox::num_priors(int64_t level) const {
  int64_t n = 0;
  for (size_t s = 0; s < options_.min_sizes[level].size(); ++s) {
    const int64_t d = density_of(options_, level, s);
    n += d * d;
  }
  return n;
}

at::Tensor PriorBox::grid_priors(const std::vector<std::pair<int64_t, int64_t>>& feature_sizes,
                                 std::pair<int64_t, int64_t> image_size, const at::TensorOptions& options) const {
  TORCH_CHECK(static_cast<int64_t>(feature_sizes.size()) == num_levels(), "PriorBox: ", feature_sizes.size(),
              " feature maps for ", num_levels(), " levels");
  std::vector<at::Tensor> levels;
  const auto f64 = at::TensorOptions().dtype(at::kDouble);
  for (size_t l = 0; l < feature_sizes.size(); ++l) {
    const auto [h, w] = feature_sizes[l];
    const double step = static_cast<double>(options_.steps[l]);
    // Per cell, the offsets (oy, ox) and size of each prior, in the authors' order.
    std::vector<double> cell;
    for (size_t s = 0; s < options_.min_sizes[l].size(); ++s) {
      const int64_t d = density_of(options_, l, s);
      for (int64_t a = 0; a < d; ++a) {
        for (int64_t b = 0; b < d; ++b) {
          const double oy = d == 1 ? 0.5 : static_cast<double>(a) / d, ox = d == 1 ? 0.5 : static_cast<double>(b) / d;
          cell.insert(cell.end(), {oy, ox, options_.min_sizes[l][s]});
        }
      }
    }
    const int64_t a = static_cast<int64_t>(cell.size() / 3);
    auto per_cell = at::tensor(cell, f64).view({1, 1, a, 3});
    auto ys = at::arange(h, f64).view({h, 1, 1}).expand({h, w, a});
    auto xs = at::arange(w, f64).view({1, w, 1}).expand({h, w, a});
    auto cy = (ys + per_cell.select(3, 0)) * step;
    auto cx = (xs + per_cell.select(3, 1)) * step;
    auto size = per_cell.select(3, 2).expand({h, w, a});
    levels.push_back(at::stack({cx, cy, size, size}, 3).reshape({-1, 4}));
  }
  auto priors = at::cat(levels);
  if (options_.clip) {
    // The authors clamp normalised priors to [0, 1]: (cx, cy, w, h) each to the image's extent.
    const double ih = static_cast<double>(image_size.first), iw = static_cast<double>(image_size.second);
    priors = at::stack({priors.select(1, 0).clamp(0, iw), priors.select(1, 1).clamp(0, ih),
                        priors.select(1, 2).clamp(0, iw), priors.select(1, 3).clamp(0, ih)},
                       1);
  }
  return priors.to(options);
}

at::Tensor priors_to_corners(const at::Tensor& priors) {
  auto centre = priors.narrow(1, 0, 2), size = priors.narrow(1, 2, 2);
  return at::cat({centre - size / 2, centre + size / 2}, 1);
}

}  // namespace mmdet4j::core
