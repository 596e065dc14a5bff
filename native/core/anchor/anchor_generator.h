#pragma once
// mmdetection v2's AnchorGenerator (and LegacyAnchorGenerator, the v1 convention).
//
// Per level, base anchors centred at (center_offset * base_size) with widths
// base_size * scale * sqrt(1 / ratio) and heights base_size * scale * sqrt(ratio), ratio-major
// (scale_major=True); they are shifted to every feature-map cell by the level's stride. The legacy
// variant centres at center_offset * (base_size - 1), uses (w - 1)/2 half-sizes and rounds, which
// is what mmdetection v1 produced (and what v2 configs select with type='LegacyAnchorGenerator').

#include <ATen/ATen.h>

#include <memory>
#include <vector>

#include "core/options.h"

namespace mmdet4j {
class Schema;
}

namespace mmdet4j::core {

struct AnchorGeneratorOptions {
  std::vector<int64_t> strides;
  std::vector<double> ratios{0.5, 1.0, 2.0};
  std::vector<double> scales;            // or octave_base_scale + scales_per_octave
  double octave_base_scale = 0;
  int64_t scales_per_octave = 0;
  std::vector<double> base_sizes;        // default: the strides
  double center_offset = 0;
  bool legacy = false;

  // o: read through AnchorGenerator's schema; legacy: LegacyAnchorGenerator.
  static AnchorGeneratorOptions from(const Options& o, bool legacy);
};

// Registered in registry "anchor_generator" as AnchorGenerator and LegacyAnchorGenerator.
class AnchorGenerator {
 public:
  static Schema schema();
  explicit AnchorGenerator(const AnchorGeneratorOptions& options);
  virtual ~AnchorGenerator() = default;

  int64_t num_levels() const { return static_cast<int64_t>(base_anchors_.size()); }
  // Base anchors per cell of `level` (SSD's differ per level).
  int64_t num_base_anchors(int64_t level) const { return base_anchors_.at(level).size(0); }
  // The same count at every level; an error for generators whose levels differ (SSD).
  int64_t num_base_anchors() const;
  const at::Tensor& base_anchors(int64_t level) const { return base_anchors_[level]; }
  int64_t stride(int64_t level) const { return strides_.at(level); }

  // (H * W * A, 4) anchors of one level, cell-major: all base anchors of a cell are contiguous.
  at::Tensor grid_anchors(int64_t level, int64_t height, int64_t width, const at::Device& device) const;
  // (H * W * A,) flags: anchors of cells inside the unpadded image (valid_h x valid_w cells).
  at::Tensor valid_flags(int64_t level, int64_t height, int64_t width, int64_t image_h, int64_t image_w,
                         const at::Device& device) const;

 protected:
  // For generators that compute their base anchors otherwise (SSDAnchorGenerator): one (A_l, 4)
  // tensor per level, centred on the level's first cell.
  AnchorGenerator(std::vector<int64_t> strides, std::vector<at::Tensor> base_anchors);

 private:
  std::vector<int64_t> strides_;
  std::vector<at::Tensor> base_anchors_;
};

// Builds the generator `options` names (registry "anchor_generator"); errors name the config path.
std::shared_ptr<AnchorGenerator> build_anchor_generator(const Options& options);

}  // namespace mmdet4j::core
