#include "core/anchor/anchor_generator.h"

#include <cmath>

namespace mmdet4j::core {

AnchorGeneratorOptions AnchorGeneratorOptions::from(const Options& o) {
  AnchorGeneratorOptions a;
  a.strides = o.get_int_list("strides", {});
  a.ratios = o.get_double_list("ratios", a.ratios);
  a.scales = o.get_double_list("scales", {});
  a.octave_base_scale = o.get_double("octave_base_scale", 0);
  a.scales_per_octave = o.get_int("scales_per_octave", 0);
  a.base_sizes = o.get_double_list("base_sizes", {});
  a.legacy = o.get_string("type", "AnchorGenerator") == "LegacyAnchorGenerator";
  a.center_offset = o.get_double("center_offset", 0.0);
  return a;
}

AnchorGenerator::AnchorGenerator(const AnchorGeneratorOptions& o) : options_(o) {
  TORCH_CHECK(!o.strides.empty(), "AnchorGenerator: strides must not be empty");
  TORCH_CHECK(!o.ratios.empty(), "AnchorGenerator: ratios must not be empty");
  TORCH_CHECK(o.center_offset >= 0 && o.center_offset <= 1, "AnchorGenerator: center_offset must be in [0, 1]");
  std::vector<double> scales = o.scales;
  if (o.octave_base_scale > 0) {
    TORCH_CHECK(scales.empty(), "AnchorGenerator: give scales or octave_base_scale, not both");
    TORCH_CHECK(o.scales_per_octave > 0, "AnchorGenerator: scales_per_octave must be positive");
    for (int64_t i = 0; i < o.scales_per_octave; ++i) {
      scales.push_back(std::pow(2.0, static_cast<double>(i) / o.scales_per_octave) * o.octave_base_scale);
    }
  }
  TORCH_CHECK(!scales.empty(), "AnchorGenerator: scales (or octave_base_scale) required");
  std::vector<double> base_sizes = o.base_sizes;
  if (base_sizes.empty()) {
    for (int64_t s : o.strides) base_sizes.push_back(static_cast<double>(s));
  }
  TORCH_CHECK(base_sizes.size() == o.strides.size(), "AnchorGenerator: base_sizes and strides differ in length");
  const auto opts = at::TensorOptions().dtype(at::kFloat);
  auto ratios = at::tensor(o.ratios, at::kDouble);
  auto scale_t = at::tensor(scales, at::kDouble);
  auto h_ratios = ratios.sqrt();
  auto w_ratios = 1 / h_ratios;
  for (double base : base_sizes) {
    // Ratio-major order, as mmdetection's scale_major=True.
    auto ws = (base * w_ratios.unsqueeze(1) * scale_t.unsqueeze(0)).reshape(-1);
    auto hs = (base * h_ratios.unsqueeze(1) * scale_t.unsqueeze(0)).reshape(-1);
    at::Tensor anchors;
    if (o.legacy) {
      const double c = o.center_offset * (base - 1);
      anchors = at::stack({c - 0.5 * (ws - 1), c - 0.5 * (hs - 1), c + 0.5 * (ws - 1), c + 0.5 * (hs - 1)}, 1)
                    .round();
    } else {
      const double c = o.center_offset * base;
      anchors = at::stack({c - 0.5 * ws, c - 0.5 * hs, c + 0.5 * ws, c + 0.5 * hs}, 1);
    }
    base_anchors_.push_back(anchors.to(opts));
  }
}

at::Tensor AnchorGenerator::grid_anchors(int64_t level, int64_t height, int64_t width,
                                         const at::Device& device) const {
  const double stride = static_cast<double>(options_.strides.at(level));
  auto opts = at::TensorOptions().dtype(at::kFloat).device(device);
  auto shift_x = at::arange(width, opts) * stride;
  auto shift_y = at::arange(height, opts) * stride;
  auto grid = at::meshgrid({shift_y, shift_x}, "ij");
  auto xx = grid[1].reshape(-1), yy = grid[0].reshape(-1);
  auto shifts = at::stack({xx, yy, xx, yy}, 1);
  return (base_anchors_[level].to(device).unsqueeze(0) + shifts.unsqueeze(1)).reshape({-1, 4});
}

at::Tensor AnchorGenerator::valid_flags(int64_t level, int64_t height, int64_t width, int64_t image_h,
                                        int64_t image_w, const at::Device& device) const {
  const int64_t stride = options_.strides.at(level);
  const int64_t valid_h = std::min<int64_t>((image_h + stride - 1) / stride, height);
  const int64_t valid_w = std::min<int64_t>((image_w + stride - 1) / stride, width);
  auto opts = at::TensorOptions().dtype(at::kBool).device(device);
  auto vx = at::arange(width, at::TensorOptions().device(device)) < valid_w;
  auto vy = at::arange(height, at::TensorOptions().device(device)) < valid_h;
  auto valid = (vy.unsqueeze(1) & vx.unsqueeze(0)).reshape(-1);
  return valid.unsqueeze(1).expand({valid.size(0), num_base_anchors()}).reshape(-1).to(opts);
}

}  // namespace mmdet4j::core
