#pragma once
// RPNHead (Ren et al. 2015) as in mmdetection v2: an AnchorHead with one objectness class, a
// shared 3x3 conv (rpn_conv) and 1x1 convs for objectness (rpn_cls, one sigmoid logit per anchor)
// and box deltas (rpn_reg). Training samples anchors (train_cfg.rpn's sampler) and trains every
// positive as class 0; its losses are loss_rpn_cls and loss_rpn_bbox. Proposals are the
// per-level top nms_pre boxes, decoded, filtered by min_bbox_size, NMS'd per level and cut to
// max_per_img (sorted by score). Registered in "head" as RPNHead; a two-stage detector gives it
// train_cfg.rpn and test_cfg.rpn.

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/options.h"
#include "models/dense_heads/anchor_head.h"
#include "models/structures.h"

namespace mmdet4j::models {

// The RPN's proposal settings: test_cfg.rpn, and train_cfg.rpn_proposal for training (test_cfg.rpn
// when it is missing, as in mmdetection), registered as settings "RPNHead.proposal_cfg".
struct ProposalOptions {
  int64_t nms_pre;
  int64_t max_per_img;
  double iou_threshold;
  double min_bbox_size;
  static const Schema& schema();
  // o: read through schema() (attached here).
  static ProposalOptions from(const Options& o);
};

class RPNHeadImpl : public AnchorHead {
 public:
  static Schema schema();
  // train_cfg: train_cfg.rpn (empty at test time); test_cfg: test_cfg.rpn.
  RPNHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg);

  // Per level: objectness logits (N, A, H, W) and deltas (N, A * 4, H, W).
  std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> predict(
      const std::vector<torch::Tensor>& features) override;

  // AnchorHead's losses under mmdetection's RPN names: loss_rpn_cls and loss_rpn_bbox.
  std::map<std::string, torch::Tensor> rpn_loss(const std::vector<torch::Tensor>& cls_scores,
                                                const std::vector<torch::Tensor>& bbox_preds,
                                                const std::vector<GroundTruth>& gts,
                                                const std::vector<ImageMeta>& metas) const;
  std::map<std::string, torch::Tensor> forward_train(const std::vector<torch::Tensor>& features,
                                                     const std::vector<GroundTruth>& gts,
                                                     const std::vector<ImageMeta>& metas) override;
  // The proposals of test_cfg as detections of class 0 (mmdetection's RPN detector).
  std::vector<Detections> simple_test(const std::vector<torch::Tensor>& features,
                                      const std::vector<ImageMeta>& metas, bool rescale) override;

  // Per image (P, 5) proposals (x1, y1, x2, y2, score) in input pixels, without gradients.
  std::vector<torch::Tensor> get_proposals(const std::vector<torch::Tensor>& cls_scores,
                                           const std::vector<torch::Tensor>& bbox_preds,
                                           const std::vector<ImageMeta>& metas, const ProposalOptions& cfg) const;

  torch::nn::Conv2d rpn_conv{nullptr}, rpn_cls{nullptr}, rpn_reg{nullptr};

 private:
  ProposalOptions test_proposals_;
};

}  // namespace mmdet4j::models
