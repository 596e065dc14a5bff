#include "models/losses/loss.h"

#include "registry/registry.h"

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

Schema Loss::schema() {
  return Schema()
      .choice("reduction", "mean", {"none", "mean", "sum"}, "how the weighted element losses are reduced")
      .optional("loss_weight", ParamType::kFloat, 1.0, "factor applied to the reduced loss");
}

Loss::Loss(std::string type, const Options& options)
    : type_(std::move(type)),
      reduction_(options.get_string("reduction")),
      loss_weight_(options.get_double("loss_weight")) {}

torch::Tensor Loss::operator()(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& weight,
                               std::optional<double> avg_factor) const {
  return loss_weight_ * weighted(pred, target, weight, avg_factor);
}

torch::Tensor Loss::weighted(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& weight,
                             std::optional<double> avg_factor) const {
  return weight_reduce_loss(elementwise(pred, target), weight_for(weight), reduction_, avg_factor);
}

torch::Tensor Loss::unreduced(const torch::Tensor& pred, const torch::Tensor& target) const {
  return loss_weight_ * elementwise(pred, target);
}

std::shared_ptr<Loss> build_loss(const Options& options) { return build<Loss>("loss", options, ""); }

}  // namespace mmdet4j::models
