#include "models/roi_heads/roi_extractors/roi_extractor.h"

#include "registry/registry.h"

namespace mmdet4j::models {

torch::Tensor bbox2roi(const std::vector<torch::Tensor>& boxes) {
  std::vector<torch::Tensor> rois;
  for (size_t i = 0; i < boxes.size(); ++i) {
    const auto& b = boxes[i];
    auto index = torch::full({b.size(0), 1}, static_cast<double>(i), b.options());
    rois.push_back(torch::cat({index, b.narrow(1, 0, 4)}, 1));
  }
  return torch::cat(rois);
}

std::shared_ptr<RoIExtractor> build_roi_extractor(const Options& options) {
  return build<RoIExtractor>("roi_extractor", options, "");
}

}  // namespace mmdet4j::models
