#pragma once
// SingleRoIExtractor (mmdetection v2): each RoI is pooled (RoIAlign or RoIPool) from the one FPN
// level that suits its scale, level = floor(log2(sqrt(w * h) / finest_scale + 1e-6)) clamped to
// the levels there are (seed §1.7.1: scale < 112 -> 0, [112, 224) -> 1, [224, 448) -> 2, more -> 3
// with finest_scale 56).
//
// Options: roi_layer.type (RoIAlign | RoIPool), roi_layer.output_size, roi_layer.sampling_ratio,
// roi_layer.aligned, out_channels, featmap_strides, finest_scale.

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/options.h"

namespace mmdet4j::models {

// Boxes of each image (B_i, 4+) -> RoIs (sum B_i, 5): image index, x1, y1, x2, y2.
torch::Tensor bbox2roi(const std::vector<torch::Tensor>& boxes);

class SingleRoIExtractor {
 public:
  explicit SingleRoIExtractor(const Options& o);

  // Target level (int64) of each RoI among num_levels.
  torch::Tensor map_roi_levels(const torch::Tensor& rois, int64_t num_levels) const;
  // (R, out_channels, output_size, output_size) features of rois from the first
  // num_inputs() feature maps.
  torch::Tensor operator()(const std::vector<torch::Tensor>& features, const torch::Tensor& rois) const;

  int64_t num_inputs() const { return static_cast<int64_t>(strides_.size()); }
  int64_t output_size() const { return output_size_; }
  int64_t out_channels() const { return out_channels_; }

 private:
  torch::Tensor pool(const torch::Tensor& feature, const torch::Tensor& rois, double spatial_scale) const;

  std::string layer_;
  int64_t output_size_;
  int64_t sampling_ratio_;
  bool aligned_;
  int64_t out_channels_;
  std::vector<int64_t> strides_;
  double finest_scale_;
};

}  // namespace mmdet4j::models
