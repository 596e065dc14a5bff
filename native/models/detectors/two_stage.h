#pragma once
// TwoStageDetector (mmdetection v2): backbone -> neck -> RPNHead proposals -> a RoI head
// (StandardRoIHead: RoI extraction, bbox head, optionally mask head), each built by its registry.
// FasterRCNN and MaskRCNN are this class with and without a mask branch. Options under "model."
// (the Java registry writes them):
//
//   type=FasterRCNN | MaskRCNN
//   backbone.*, neck.*                       built by their registries
//   rpn_head.*                               see dense_heads/rpn_head.h
//   roi_head.*                               see roi_heads/standard_roi_head.h
//   train_cfg.rpn.*                          the RPN head's train_cfg (AnchorHead::train_schema)
//   train_cfg.rpn_proposal.*                 ProposalOptions (absent: test_cfg.rpn, as in mmdetection)
//   train_cfg.rcnn.*, test_cfg.rcnn.*        the RoI head's (StandardRoIHead::train_schema, test_schema)
//   test_cfg.rpn.*                           ProposalOptions: nms_pre, max_per_img, nms, min_bbox_size
//                                            (and mmdetection v2.0's max_num, nms_post, nms_thr)
//
// Losses: loss_rpn_cls, loss_rpn_bbox, loss_cls, loss_bbox (and loss_mask), as in mmdetection.

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/options.h"
#include "models/backbones/backbone.h"
#include "models/dense_heads/rpn_head.h"
#include "models/detectors/detector.h"
#include "models/necks/neck.h"
#include "models/roi_heads/base_roi_head.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class TwoStageDetectorImpl : public DetectorModule {
 public:
  static Schema schema();
  explicit TwoStageDetectorImpl(const Options& model);

  std::vector<torch::Tensor> extract_feat(const torch::Tensor& images);
  std::map<std::string, torch::Tensor> forward_train(const torch::Tensor& images, const std::vector<GroundTruth>& gts,
                                                     const std::vector<ImageMeta>& metas) override;
  std::vector<Detections> simple_test(const torch::Tensor& images, const std::vector<ImageMeta>& metas,
                                      bool rescale) override;
  int64_t num_classes() const override { return roi_head->num_classes(); }
  bool with_mask() const override { return roi_head->with_mask(); }
  // The RPN's proposal settings in training (train_cfg.rpn_proposal) and testing (test_cfg.rpn).
  const ProposalOptions& train_proposals() const { return train_proposals_; }
  const ProposalOptions& test_proposals() const { return test_proposals_; }

  std::shared_ptr<Backbone> backbone;
  std::shared_ptr<Neck> neck;
  std::shared_ptr<RPNHeadImpl> rpn_head;
  std::shared_ptr<RoIHead> roi_head;

 private:
  ProposalOptions train_proposals_, test_proposals_;
  bool channels_last_ = true;
};

}  // namespace mmdet4j::models
