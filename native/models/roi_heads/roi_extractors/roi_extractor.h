#pragma once
// What a RoI head needs from a RoI extractor (mmdetection's BaseRoIExtractor): fixed-size
// features of each RoI from the neck's feature maps. Extractors register themselves in registry
// "roi_extractor" from their own source files.

#include <torch/torch.h>

#include <memory>
#include <vector>

#include "core/options.h"

namespace mmdet4j::models {

// Boxes of each image (B_i, 4+) -> RoIs (sum B_i, 5): image index, x1, y1, x2, y2.
torch::Tensor bbox2roi(const std::vector<torch::Tensor>& boxes);

class RoIExtractor {
 public:
  virtual ~RoIExtractor() = default;
  // rois (R, 5): image index, x1, y1, x2, y2 -> (R, out_channels, output_size, output_size).
  virtual torch::Tensor operator()(const std::vector<torch::Tensor>& features, const torch::Tensor& rois) const = 0;
  virtual int64_t output_size() const = 0;
  virtual int64_t out_channels() const = 0;
};

// Builds the extractor `options` names (registry "roi_extractor"); errors name the config path.
std::shared_ptr<RoIExtractor> build_roi_extractor(const Options& options);

}  // namespace mmdet4j::models
