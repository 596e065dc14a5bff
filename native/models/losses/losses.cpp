#include "models/losses/losses.h"

#include "ops/bbox_overlaps.h"
#include "ops/sigmoid_focal_loss.h"

namespace mmdet4j::models {

torch::Tensor weight_reduce_loss(torch::Tensor loss, const torch::Tensor& weight, const std::string& reduction,
                                 std::optional<double> avg_factor) {
  if (weight.defined()) {
    auto w = weight;
    // A per-sample weight for a per-element loss, as mmdetection's FocalLoss reshapes it.
    if (w.dim() == 1 && loss.dim() == 2 && w.size(0) == loss.size(0)) w = w.view({-1, 1});
    loss = loss * w;
  }
  if (!avg_factor.has_value()) {
    if (reduction == "mean") return loss.mean();
    if (reduction == "sum") return loss.sum();
    return loss;
  }
  TORCH_CHECK(reduction != "sum", "avg_factor can not be used with reduction='sum'");
  if (reduction == "mean") return loss.sum() / *avg_factor;
  return loss;
}

LossOptions LossOptions::from(const Options& o) {
  LossOptions l;
  l.type = o.get_string("type", "");
  l.reduction = o.get_string("reduction", l.reduction);
  l.loss_weight = o.get_double("loss_weight", l.loss_weight);
  l.gamma = o.get_double("gamma", l.gamma);
  l.alpha = o.get_double("alpha", l.alpha);
  l.use_sigmoid = o.get_bool("use_sigmoid", l.type == "FocalLoss");
  l.use_mask = o.get_bool("use_mask", false);
  l.beta = o.get_double("beta", l.beta);
  l.eps = o.get_double("eps", l.eps);
  return l;
}

Loss::Loss(const LossOptions& o) : options_(o) {
  TORCH_CHECK(o.type == "FocalLoss" || o.type == "L1Loss" || o.type == "SmoothL1Loss" || o.type == "GIoULoss" ||
                  o.type == "CrossEntropyLoss",
              "unknown loss type '", o.type, "'");
  TORCH_CHECK(o.reduction == "none" || o.reduction == "mean" || o.reduction == "sum",
              "loss reduction must be none, mean or sum, got '", o.reduction, "'");
  TORCH_CHECK(o.type != "FocalLoss" || o.use_sigmoid, "FocalLoss: only use_sigmoid=True is supported");
  TORCH_CHECK(!(o.use_sigmoid && o.use_mask), "CrossEntropyLoss: use_sigmoid and use_mask exclude each other");
}

torch::Tensor Loss::unreduced(const torch::Tensor& pred, const torch::Tensor& target) const {
  auto o = options_;
  o.reduction = "none";
  return Loss(o)(pred, target, torch::Tensor(), std::nullopt);
}

torch::Tensor Loss::mask(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& labels) const {
  TORCH_CHECK(options_.type == "CrossEntropyLoss" && options_.use_mask, "a mask loss needs CrossEntropyLoss(use_mask=True)");
  TORCH_CHECK(pred.dim() == 4 && target.dim() == 3 && labels.dim() == 1 && pred.size(0) == target.size(0) &&
                  labels.size(0) == pred.size(0),
              "mask loss: logits (R, C, h, w), targets (R, h, w) and labels (R,) expected, got ", pred.sizes(), ", ",
              target.sizes(), ", ", labels.sizes());
  if (pred.size(0) == 0) return pred.sum();
  auto rows = torch::arange(pred.size(0), labels.options());
  auto logits = pred.index({rows, labels});
  return options_.loss_weight *
         torch::binary_cross_entropy_with_logits(logits, target.to(logits.scalar_type()), {}, {}, at::Reduction::Mean);
}

torch::Tensor Loss::operator()(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& weight,
                               std::optional<double> avg_factor) const {
  const auto& o = options_;
  torch::Tensor loss;
  if (o.type == "FocalLoss") {
    loss = ops::sigmoid_focal_loss(pred, target, std::nullopt, o.gamma, o.alpha);
  } else if (o.type == "L1Loss") {
    loss = (pred - target).abs();
  } else if (o.type == "SmoothL1Loss") {
    auto diff = (pred - target).abs();
    loss = torch::where(diff < o.beta, 0.5 * diff * diff / o.beta, diff - 0.5 * o.beta);
  } else if (o.type == "GIoULoss") {
    // 1 - GIoU of aligned pairs of decoded boxes; differentiable through torch ops.
    auto lt = torch::max(pred.narrow(1, 0, 2), target.narrow(1, 0, 2));
    auto rb = torch::min(pred.narrow(1, 2, 2), target.narrow(1, 2, 2));
    auto wh = (rb - lt).clamp_min(0);
    auto overlap = wh.select(1, 0) * wh.select(1, 1);
    auto area_p = (pred.select(1, 2) - pred.select(1, 0)) * (pred.select(1, 3) - pred.select(1, 1));
    auto area_t = (target.select(1, 2) - target.select(1, 0)) * (target.select(1, 3) - target.select(1, 1));
    auto uni = (area_p + area_t - overlap).clamp_min(o.eps);
    auto ious = overlap / uni;
    auto elt = torch::min(pred.narrow(1, 0, 2), target.narrow(1, 0, 2));
    auto erb = torch::max(pred.narrow(1, 2, 2), target.narrow(1, 2, 2));
    auto ewh = (erb - elt).clamp_min(0);
    auto enclose = (ewh.select(1, 0) * ewh.select(1, 1)).clamp_min(o.eps);
    loss = 1 - (ious - (enclose - uni) / enclose);
    // A box weight (N, 4) applies per box, as mmdetection's GIoULoss takes weight.mean(-1).
    auto w = weight.defined() && weight.dim() == 2 ? weight.mean(-1) : weight;
    return o.loss_weight * weight_reduce_loss(loss, w, o.reduction, avg_factor);
  } else {  // CrossEntropyLoss
    if (o.use_sigmoid) {
      const int64_t c = pred.size(1);
      auto onehot = torch::one_hot(target, c + 1).narrow(1, 0, c).to(pred.scalar_type());
      loss = torch::binary_cross_entropy_with_logits(pred, onehot, {}, {}, at::Reduction::None);
    } else {
      loss = torch::nn::functional::cross_entropy(
          pred, target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
    }
  }
  return o.loss_weight * weight_reduce_loss(loss, weight, o.reduction, avg_factor);
}

}  // namespace mmdet4j::models
