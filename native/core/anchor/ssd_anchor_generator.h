#pragma once
// mmdetection v2's SSDAnchorGenerator (and LegacySSDAnchorGenerator, mmdetection v1's SSD anchors).
//
// Caffe SSD's anchors: per level a min_size a and a max_size b; two square anchors (a, a) and
// (sqrt(ab), sqrt(ab)), then for each ratio r of the level (a * sqrt(r), a / sqrt(r)) and its
// transpose. They are generated as scales (1, sqrt(b / a)) x ratios (1, 1/r1, r1, ...) — 6 or
// 10 anchors — and cut to 4 or 6 with the index lists (0, 3, 1, 2) / (0, 5, 1, 2, 3, 4).
// Without explicit min_sizes/max_sizes the sizes follow from input_size (300 or 512) and
// basesize_ratio_range as in the SSD paper's implementation.
//
// v2 centres the anchors at (stride / 2, stride / 2) of each cell; the legacy (v1) variant at
// ((stride - 1) / 2, (stride - 1) / 2) with (w - 1) / 2 half-sizes, rounded.

#include <utility>
#include <vector>

#include "core/anchor/anchor_generator.h"

namespace mmdet4j::core {

struct SSDAnchorOptions {
  std::vector<int64_t> strides;
  std::vector<std::vector<double>> ratios;  // per level, each r adds r and 1/r
  std::vector<int64_t> min_sizes, max_sizes;  // empty: derived from input_size and basesize_ratio_range
  std::pair<double, double> basesize_ratio_range{0.15, 0.9};
  int64_t input_size = 300;
  bool scale_major = true;
  bool legacy = false;

  // o: read through SSDAnchorGenerator's schema; legacy: LegacySSDAnchorGenerator.
  static SSDAnchorOptions from(const Options& o, bool legacy);
};

// mmdetection's derivation of the per-level (min_sizes, max_sizes) from input_size (300 or 512)
// and basesize_ratio_range, with the extra first level of its COCO and VOC settings.
std::pair<std::vector<int64_t>, std::vector<int64_t>> ssd_anchor_sizes(int64_t input_size,
                                                                      std::pair<double, double> ratio_range,
                                                                      int64_t num_levels);

// Registered in registry "anchor_generator" as SSDAnchorGenerator and LegacySSDAnchorGenerator.
class SSDAnchorGenerator : public AnchorGenerator {
 public:
  static Schema schema();
  explicit SSDAnchorGenerator(const SSDAnchorOptions& options);

  const std::vector<int64_t>& min_sizes() const { return min_sizes_; }
  const std::vector<int64_t>& max_sizes() const { return max_sizes_; }

 private:
  SSDAnchorGenerator(const SSDAnchorOptions& options, std::pair<std::vector<int64_t>, std::vector<int64_t>> sizes);
  std::vector<int64_t> min_sizes_, max_sizes_;
};

}  // namespace mmdet4j::core
