#pragma once
// The loss base class, with mmdetection's calling convention: an element-wise loss, then
// `weight` (broadcast to the loss shape), then reduction 'none' | 'sum' | 'mean', where 'mean'
// with an avg_factor means sum / avg_factor; finally multiplied by loss_weight.
//
// Each loss registers itself in registry "loss" from its own source file (focal_loss.cpp,
// cross_entropy_loss.cpp, smooth_l1_loss.cpp, iou_loss.cpp, ghm_loss.cpp, ..., as in
// mmdetection's losses/); a head builds the one its config names with build_loss and registers
// it as a submodule (loss_cls, loss_bbox), as mmdetection's heads do, so that a loss with state
// (GHM's running bin counts) keeps it in the head's state_dict and checkpoints.

#include <torch/torch.h>

#include <memory>
#include <optional>
#include <string>

#include "core/options.h"

namespace mmdet4j {
class Schema;
}

namespace mmdet4j::models {

torch::Tensor weight_reduce_loss(torch::Tensor loss, const torch::Tensor& weight, const std::string& reduction,
                                 std::optional<double> avg_factor);

// Classification losses take logits (N, C) and int64 labels (N,) with C = background (a sigmoid
// cross-entropy also probabilities of the logits' shape); regression losses take (N, 4)
// predictions and targets.
class Loss : public torch::nn::Module {
 public:
  // options: read through the loss's schema (which includes Loss::schema()).
  Loss(std::string type, const Options& options);

  // The reduced, weighted loss.
  torch::Tensor operator()(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& weight,
                           std::optional<double> avg_factor) const;
  // The loss before weighting and reduction, times loss_weight: (N,) for a softmax
  // cross-entropy or a box loss, per element otherwise (OHEM ranks boxes by it).
  torch::Tensor unreduced(const torch::Tensor& pred, const torch::Tensor& target) const;

  // Whether a classification loss scores each class by its own sigmoid (num_classes logits,
  // background = no class), as dense heads need; otherwise by a softmax over C + 1 logits.
  virtual bool use_sigmoid() const { return false; }
  // Whether a box loss compares boxes (x1, y1, x2, y2) rather than regression deltas: a head must
  // then decode its predictions first (reg_decoded_bbox=True), or it trains silently wrong.
  virtual bool compares_boxes() const { return false; }
  // Whether a classification loss balances easy and hard examples itself (focal, GHM-C): its
  // head then trains on every anchor rather than on a sample (mmdetection's AnchorHead.sampling).
  virtual bool balances_examples() const { return false; }
  // For a loss on cosine logits (ArcLoss): the scale s its logits s * cos(theta) are expected at;
  // the head's classifier must then be a NormedLinear with tempearture s and no bias.
  virtual std::optional<double> cosine_scale() const { return std::nullopt; }
  const std::string& type() const { return type_; }

  // The keys every loss takes: reduction and loss_weight.
  static Schema schema();

 protected:
  virtual torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const = 0;
  // The weight as it applies to elementwise()'s output (IoU losses: one per box).
  virtual torch::Tensor weight_for(const torch::Tensor& weight) const { return weight; }
  // The reduced, weighted loss before loss_weight: elementwise() weighted and reduced, unless a
  // loss weighs its elements itself (GHM).
  virtual torch::Tensor weighted(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& weight,
                                 std::optional<double> avg_factor) const;
  const std::string& reduction() const { return reduction_; }

 private:
  std::string type_;
  std::string reduction_;
  double loss_weight_;
};

// Builds the loss `options` names (registry "loss"); errors name the config path.
std::shared_ptr<Loss> build_loss(const Options& options);

}  // namespace mmdet4j::models
