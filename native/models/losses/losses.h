#pragma once
// Losses with mmdetection's calling convention: element-wise loss, then `weight` (broadcast to
// the loss shape), then reduction 'none' | 'sum' | 'mean', where 'mean' with an avg_factor means
// sum / avg_factor; finally multiplied by loss_weight.

#include <torch/torch.h>

#include <optional>
#include <string>

#include "core/options.h"

namespace mmdet4j::models {

torch::Tensor weight_reduce_loss(torch::Tensor loss, const torch::Tensor& weight, const std::string& reduction,
                                 std::optional<double> avg_factor);

struct LossOptions {
  std::string type;
  std::string reduction = "mean";
  double loss_weight = 1.0;
  // FocalLoss
  double gamma = 2.0, alpha = 0.25;
  bool use_sigmoid = true;
  // CrossEntropyLoss on mask logits (mmdetection's mask_cross_entropy)
  bool use_mask = false;
  // SmoothL1Loss
  double beta = 1.0;
  // GIoULoss
  double eps = 1e-6;

  static LossOptions from(const Options& o);
};

// One loss component built from its config. Classification losses take logits (N, C) and int64
// labels (N,) with C = background; regression losses take (N, 4) predictions and targets.
class Loss {
 public:
  explicit Loss(const LossOptions& options);
  torch::Tensor operator()(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& weight,
                           std::optional<double> avg_factor) const;
  // Unreduced loss times loss_weight: (N,) for softmax cross-entropy, per element otherwise
  // (OHEM ranks boxes by it).
  torch::Tensor unreduced(const torch::Tensor& pred, const torch::Tensor& target) const;
  // use_mask: binary cross-entropy of each RoI's logits (R, C, h, w) in its class's channel
  // (labels (R,)) against targets (R, h, w), averaged over all pixels, times loss_weight.
  torch::Tensor mask(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& labels) const;
  const LossOptions& options() const { return options_; }

 private:
  LossOptions options_;
};

}  // namespace mmdet4j::models
