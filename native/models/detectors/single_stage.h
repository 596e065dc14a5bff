#pragma once
// mmdetection v2's SingleStageDetector: backbone -> neck (optional) -> dense head, each built by
// its registry, with mmdetection's module names (backbone., neck., bbox_head.). Registered in
// "detector" as SingleStageDetector and as RetinaNet (the same class, as in mmdetection).

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/options.h"
#include "models/backbones/backbone.h"
#include "models/dense_heads/dense_head.h"
#include "models/detectors/detector.h"
#include "models/necks/neck.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class SingleStageDetectorImpl : public DetectorModule {
 public:
  static Schema schema();
  // model: the options under "model", checked against schema().
  explicit SingleStageDetectorImpl(const Options& model);

  std::vector<torch::Tensor> extract_feat(const torch::Tensor& images);
  std::map<std::string, torch::Tensor> forward_train(const torch::Tensor& images, const std::vector<GroundTruth>& gts,
                                                     const std::vector<ImageMeta>& metas) override;
  std::vector<Detections> simple_test(const torch::Tensor& images, const std::vector<ImageMeta>& metas,
                                      bool rescale) override;
  int64_t num_classes() const override { return bbox_head->num_classes(); }

  std::shared_ptr<Backbone> backbone;
  std::shared_ptr<Neck> neck;  // null without a neck
  std::shared_ptr<DenseHead> bbox_head;

 private:
  // The head's expected input channels against the neck's (or backbone's) outputs, where both say.
  void check_head_fits(const Options& model) const;
  bool channels_last_ = true;
};

}  // namespace mmdet4j::models
