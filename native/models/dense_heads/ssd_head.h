#pragma once
// mmdetection v2's SSDHead (Liu et al. 2016): per level one 3x3 conv for the class logits and one
// for the box deltas (cls_convs.i.0, reg_convs.i.0; after stacked_convs ConvModules when given),
// each level with its own anchor count. Classification is a softmax over num_classes + 1 (the
// background last); training uses every anchor (PseudoSampler) with hard negative mining: per
// image, all positives and the neg_pos_ratio x positives negatives of highest cross-entropy, the
// sum divided by the batch's positives, and SmoothL1 with train_cfg.smoothl1_beta.
// Anchors, targets and test-time decoding are AnchorHead's.

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "models/dense_heads/anchor_head.h"

namespace mmdet4j::models {

// SSD's hard negative mining on one image: the cross-entropy of the positives (labels below
// `background`) plus that of the k = min(neg_pos_ratio * positives, negatives) negatives (labels
// equal to `background`) with the highest losses. loss_per_anchor: (T,) weighted cross-entropy.
torch::Tensor hard_negative_mined_sum(const torch::Tensor& loss_per_anchor, const torch::Tensor& labels,
                                      int64_t background, int64_t neg_pos_ratio);

class SSDHeadImpl : public AnchorHead {
 public:
  static Schema schema();
  static const Schema& train_schema();
  SSDHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg);

  std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> predict(
      const std::vector<torch::Tensor>& features) override;
  std::vector<int64_t> expected_channels() const override { return in_channels_; }

 protected:
  std::map<std::string, torch::Tensor> losses(const torch::Tensor& cls, const torch::Tensor& reg,
                                              const torch::Tensor& anchors, const AnchorTargets& targets) const override;

 private:
  std::vector<int64_t> in_channels_;
  int64_t neg_pos_ratio_ = 3;
  double smoothl1_beta_ = 1.0;
  torch::nn::ModuleList cls_convs, reg_convs;
};

}  // namespace mmdet4j::models
