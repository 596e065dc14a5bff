#pragma once
// SingleRoIExtractor (mmdetection v2): each RoI is pooled (RoIAlign or RoIPool) from the one FPN
// level that suits its scale, level = floor(log2(sqrt(w * h) / finest_scale + 1e-6)) clamped to
// the levels there are (seed §1.7.1: scale < 112 -> 0, [112, 224) -> 1, [224, 448) -> 2, more -> 3
// with finest_scale 56). Registered in "roi_extractor" as SingleRoIExtractor; roi_layer is mmcv's
// RoIAlign(output_size, sampling_ratio=0, pool_mode='avg', aligned=True) or RoIPool(output_size),
// whose spatial_scale the extractor sets from each level's stride.

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/options.h"
#include "models/roi_heads/roi_extractors/roi_extractor.h"

namespace mmdet4j {
class Schema;
}

namespace mmdet4j::models {

class SingleRoIExtractor : public RoIExtractor {
 public:
  static Schema schema();
  // o: read through schema() (attached here when the registry has not).
  explicit SingleRoIExtractor(const Options& o);

  // Target level (int64) of each RoI among num_levels.
  torch::Tensor map_roi_levels(const torch::Tensor& rois, int64_t num_levels) const;
  // (R, out_channels, output_size, output_size) features of rois from the first
  // num_inputs() feature maps.
  torch::Tensor operator()(const std::vector<torch::Tensor>& features, const torch::Tensor& rois) const override;

  int64_t num_inputs() const { return static_cast<int64_t>(strides_.size()); }
  int64_t output_size() const override { return output_size_; }
  int64_t out_channels() const override { return out_channels_; }

 private:
  torch::Tensor pool(const torch::Tensor& feature, const torch::Tensor& rois, double spatial_scale) const;

  std::string layer_;
  int64_t output_size_ = 0;
  int64_t sampling_ratio_ = 0;  // RoIAlign only
  bool aligned_ = true;         // RoIAlign only
  int64_t out_channels_ = 0;
  std::vector<int64_t> strides_;
  double finest_scale_ = 56;
};

}  // namespace mmdet4j::models
