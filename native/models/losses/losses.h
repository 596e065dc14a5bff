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
  const LossOptions& options() const { return options_; }

 private:
  LossOptions options_;
};

}  // namespace mmdet4j::models
