#pragma once
// What a two-stage detector needs from any RoI head (mmdetection's BaseRoIHead, registry
// "head"): training losses and test-time detections from the neck's feature maps and the RPN's
// proposals. A RoI head is registered as
//
//   Registrar<RoIHead, Options, Options> ("head", NAME, schema, doc,
//       [](const Options& head, const Options& train_cfg, const Options& test_cfg) {...});
//
// and receives the detector's train_cfg.rcnn (empty for a model built for testing only) and
// test_cfg.rcnn, as mmdetection's build_head(roi_head, train_cfg=rcnn_train_cfg, ...) does.

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "models/structures.h"

namespace mmdet4j::models {

class RoIHead : public torch::nn::Module {
 public:
  // Named losses (loss_cls, loss_bbox, acc, and loss_mask with a mask branch). proposals: per
  // image (P, 5) boxes and scores in input pixels.
  virtual std::map<std::string, torch::Tensor> forward_train(const std::vector<torch::Tensor>& features,
                                                             const std::vector<torch::Tensor>& proposals,
                                                             const std::vector<GroundTruth>& gts) = 0;
  // rescale: boxes divided by ImageMeta::scale_factor and masks pasted at the original size.
  virtual std::vector<Detections> simple_test(const std::vector<torch::Tensor>& features,
                                              const std::vector<torch::Tensor>& proposals,
                                              const std::vector<ImageMeta>& metas, bool rescale) = 0;
  virtual int64_t num_classes() const = 0;
  virtual bool with_mask() const = 0;
};

}  // namespace mmdet4j::models
