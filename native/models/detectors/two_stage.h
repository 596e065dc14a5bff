#pragma once
// TwoStageDetector (mmdetection v2): backbone -> neck -> RPNHead proposals -> StandardRoIHead
// (RoI extraction, bbox head, optionally mask head). FasterRCNN and MaskRCNN are this class with
// and without a mask branch. Options under "model." (the Java registry writes them):
//
//   type=FasterRCNN | MaskRCNN
//   backbone.*, neck.*                       built by their registries
//   rpn_head.*                               see dense_heads/rpn_head.h
//   roi_head.bbox_roi_extractor.*            see roi_heads/roi_extractors/single_roi_extractor.h
//   roi_head.bbox_head.*                     see roi_heads/bbox_heads/convfc_bbox_head.h
//   roi_head.mask_roi_extractor.*, roi_head.mask_head.*   (MaskRCNN; see fcn_mask_head.h)
//   train_cfg.rpn.{assigner.*, sampler.*, allowed_border, pos_weight}
//   train_cfg.rpn_proposal.{nms_pre, max_per_img, nms.iou_threshold, min_bbox_size}
//   train_cfg.rcnn.{assigner.*, sampler.*, pos_weight, mask_size}
//   test_cfg.rpn.{nms_pre, max_per_img, nms.iou_threshold, min_bbox_size}
//   test_cfg.rcnn.{score_thr, nms.iou_threshold, max_per_img, mask_thr_binary}
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
#include "models/roi_heads/standard_roi_head.h"
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

  std::shared_ptr<Backbone> backbone;
  std::shared_ptr<Neck> neck;
  std::shared_ptr<RPNHeadImpl> rpn_head;
  StandardRoIHead roi_head{nullptr};

 private:
  ProposalOptions train_proposals_, test_proposals_;
  bool channels_last_ = true;
};

}  // namespace mmdet4j::models
