#pragma once
// RPNHead (Ren et al. 2015) as in mmdetection v2: a shared 3x3 conv (rpn_conv) and 1x1 convs for
// objectness (rpn_cls, one sigmoid logit per anchor) and box deltas (rpn_reg). Training samples
// anchors (RandomSampler) and averages the losses over the sampled anchors; proposals are the
// per-level top nms_pre boxes, decoded, filtered by min_bbox_size, NMS'd per level and cut to
// max_per_img (sorted by score).
//
// Options (rpn_head.*): in_channels, feat_channels, anchor_generator.*, bbox_coder.*, loss_cls.*,
// loss_bbox.*; training: assigner.*, sampler.*, pos_weight (train_cfg.rpn).

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/anchor/anchor_generator.h"
#include "core/bbox/assigners/base_assigner.h"
#include "core/bbox/coder/base_bbox_coder.h"
#include "core/bbox/samplers/base_sampler.h"
#include "core/options.h"
#include "models/losses/loss.h"
#include "models/structures.h"

namespace mmdet4j::models {

struct ProposalOptions {
  int64_t nms_pre = 1000;
  int64_t max_per_img = 1000;
  double iou_threshold = 0.7;
  double min_bbox_size = 0;
  static ProposalOptions from(const Options& o);
};

class RPNHeadImpl : public torch::nn::Module {
 public:
  // train_cfg: train_cfg.rpn (may be empty at test time).
  RPNHeadImpl(const Options& head, const Options& train_cfg);

  // Per level: objectness logits (N, A, H, W) and deltas (N, A * 4, H, W).
  std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> forward(
      const std::vector<torch::Tensor>& features);

  // loss_rpn_cls and loss_rpn_bbox.
  std::map<std::string, torch::Tensor> loss(const std::vector<torch::Tensor>& cls_scores,
                                            const std::vector<torch::Tensor>& bbox_preds,
                                            const std::vector<GroundTruth>& gts,
                                            const std::vector<ImageMeta>& metas) const;

  // Per image (P, 5) proposals (x1, y1, x2, y2, score) in input pixels, without gradients.
  std::vector<torch::Tensor> get_proposals(const std::vector<torch::Tensor>& cls_scores,
                                           const std::vector<torch::Tensor>& bbox_preds,
                                           const std::vector<ImageMeta>& metas, const ProposalOptions& cfg) const;

  torch::nn::Conv2d rpn_conv{nullptr}, rpn_cls{nullptr}, rpn_reg{nullptr};

 private:
  std::shared_ptr<core::AnchorGenerator> anchors_;
  std::shared_ptr<core::BBoxCoder> coder_;
  std::shared_ptr<core::Assigner> assigner_;  // null when built without a train_cfg
  std::shared_ptr<core::Sampler> sampler_;
  double pos_weight_;
  int64_t allowed_border_;  // anchors this far outside the image still train; -1: no limit
  bool reg_decoded_bbox_;   // regress decoded boxes (IoU losses) instead of deltas
  std::shared_ptr<Loss> loss_cls_, loss_bbox_;
};
TORCH_MODULE(RPNHead);

}  // namespace mmdet4j::models
