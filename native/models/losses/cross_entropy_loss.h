#pragma once
// CrossEntropyLoss with mmdetection's three modes: softmax over C + 1 logits (R-CNN box heads),
// one sigmoid per class (dense heads; background = no class), and use_mask, the per-pixel
// binary cross-entropy of each RoI's mask logits in its class's channel (mask heads).

#include "models/losses/loss.h"

namespace mmdet4j::models {

class CrossEntropyLoss : public Loss {
 public:
  static Schema schema();
  explicit CrossEntropyLoss(const Options& options);

  bool use_sigmoid() const override { return use_sigmoid_; }
  bool use_mask() const { return use_mask_; }

  // use_mask: logits (R, C, h, w) in the channel of labels (R,) against targets (R, h, w),
  // averaged over all pixels, times loss_weight.
  torch::Tensor mask(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& labels) const;

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override;

 private:
  bool use_sigmoid_, use_mask_;
  double loss_weight_;
};

}  // namespace mmdet4j::models
