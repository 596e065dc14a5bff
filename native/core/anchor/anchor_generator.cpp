#include "core/anchor/anchor_generator.h"

#include <cmath>
#include <utility>

#include "registry/registry.h"

namespace mmdet4j::core {

Schema AnchorGenerator::schema() {
  return Schema()
      .required("strides", ParamType::kIntList, "stride of each feature level, in pixels")
      .required("ratios", ParamType::kFloatList, "height / width ratios of the anchors")
      .optional("scales", ParamType::kFloatList, nullptr, "anchor sizes in units of base size (or octave_base_scale)")
      .optional("base_sizes", ParamType::kIntList, nullptr, "base size per level (None: the strides)")
      .optional("scale_major", ParamType::kBool, true, "only True: ratio-major anchor order")
      .optional("octave_base_scale", ParamType::kFloat, nullptr, "RetinaNet's scales: this times 2^(i / n)")
      .optional("scales_per_octave", ParamType::kInt, nullptr, "n of octave_base_scale")
      .optional("centers", ParamType::kAny, nullptr, "only None: anchors are centred by center_offset")
      .optional("center_offset", ParamType::kFloat, 0.0, "anchor centre within a cell, in units of the base size");
}

AnchorGeneratorOptions AnchorGeneratorOptions::from(const Options& o, bool legacy) {
  AnchorGeneratorOptions a;
  a.strides = o.get_int_list("strides");
  a.ratios = o.get_double_list("ratios");
  const bool octave = !o.is_null("octave_base_scale");
  TORCH_CHECK(octave != !o.is_null("scales"), o.path(), ": give either scales or octave_base_scale + scales_per_octave");
  if (octave) {
    TORCH_CHECK(!o.is_null("scales_per_octave"), o.path_of("scales_per_octave"), ": required with octave_base_scale");
    a.octave_base_scale = o.get_double("octave_base_scale");
    a.scales_per_octave = o.get_int("scales_per_octave");
  } else {
    o.require_none("scales_per_octave", "only with octave_base_scale");
    a.scales = o.get_double_list("scales");
  }
  if (!o.is_null("base_sizes")) {
    for (int64_t size : o.get_int_list("base_sizes")) a.base_sizes.push_back(static_cast<double>(size));
  }
  TORCH_CHECK(o.get_bool("scale_major"), o.path_of("scale_major"), ": only True is supported");
  o.require_none("centers", "explicit centers are not supported; use center_offset");
  a.center_offset = o.get_double("center_offset");
  a.legacy = legacy;
  return a;
}

AnchorGenerator::AnchorGenerator(std::vector<int64_t> strides, std::vector<at::Tensor> base_anchors)
    : strides_(std::move(strides)), base_anchors_(std::move(base_anchors)) {
  TORCH_CHECK(!strides_.empty() && strides_.size() == base_anchors_.size(),
              "AnchorGenerator: one stride per level of base anchors");
}

int64_t AnchorGenerator::num_base_anchors() const {
  for (const auto& level : base_anchors_) {
    TORCH_CHECK(level.size(0) == base_anchors_.front().size(0),
                "AnchorGenerator: the number of base anchors differs per level; ask per level");
  }
  return base_anchors_.front().size(0);
}

AnchorGenerator::AnchorGenerator(const AnchorGeneratorOptions& o) : strides_(o.strides) {
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
  const double stride = static_cast<double>(strides_.at(level));
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
  const int64_t stride = strides_.at(level);
  const int64_t valid_h = std::min<int64_t>((image_h + stride - 1) / stride, height);
  const int64_t valid_w = std::min<int64_t>((image_w + stride - 1) / stride, width);
  auto opts = at::TensorOptions().dtype(at::kBool).device(device);
  auto vx = at::arange(width, at::TensorOptions().device(device)) < valid_w;
  auto vy = at::arange(height, at::TensorOptions().device(device)) < valid_h;
  auto valid = (vy.unsqueeze(1) & vx.unsqueeze(0)).reshape(-1);
  return valid.unsqueeze(1).expand({valid.size(0), num_base_anchors(level)}).reshape(-1).to(opts);
}

std::shared_ptr<AnchorGenerator> build_anchor_generator(const Options& options) {
  return build<AnchorGenerator>("anchor_generator", options, "");
}

namespace {

const Registrar<AnchorGenerator> kAnchorGenerator(
    "anchor_generator", "AnchorGenerator", AnchorGenerator::schema(), "mmdetection v2's anchors",
    [](const Options& o) { return std::make_shared<AnchorGenerator>(AnchorGeneratorOptions::from(o, false)); });
const Registrar<AnchorGenerator> kLegacyAnchorGenerator(
    "anchor_generator", "LegacyAnchorGenerator", AnchorGenerator::schema(),
    "mmdetection v1's anchors: centres at offset * (size - 1), rounded corners",
    [](const Options& o) { return std::make_shared<AnchorGenerator>(AnchorGeneratorOptions::from(o, true)); });

}  // namespace

}  // namespace mmdet4j::core
