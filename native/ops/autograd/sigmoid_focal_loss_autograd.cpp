// Autograd of mmdet4j::sigmoid_focal_loss: gradient with respect to the logits (targets and
// weights are constants, as in mmcv).

#include <torch/autograd.h>
#include <torch/library.h>

#include "ops/sigmoid_focal_loss.h"

namespace mmdet4j::ops {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::Variable;
using torch::autograd::variable_list;

class SigmoidFocalLossFunction : public torch::autograd::Function<SigmoidFocalLossFunction> {
 public:
  static variable_list forward(AutogradContext* ctx, const Variable& logits,
                               const Variable& targets, const std::optional<at::Tensor>& weight,
                               double gamma, double alpha) {
    ctx->saved_data["gamma"] = gamma;
    ctx->saved_data["alpha"] = alpha;
    ctx->saved_data["has_weight"] = weight.has_value() && weight->defined();
    ctx->save_for_backward({logits, targets, weight.value_or(at::Tensor())});
    at::AutoDispatchBelowADInplaceOrView guard;
    return {sigmoid_focal_loss(logits, targets, weight, gamma, alpha)};
  }

  static variable_list backward(AutogradContext* ctx, const variable_list& grad_output) {
    auto saved = ctx->get_saved_variables();
    std::optional<at::Tensor> weight;
    if (ctx->saved_data["has_weight"].toBool()) weight = saved[2];
    auto grad = sigmoid_focal_loss_backward(grad_output[0], saved[0], saved[1], weight,
                                            ctx->saved_data["gamma"].toDouble(),
                                            ctx->saved_data["alpha"].toDouble());
    return {grad, Variable(), Variable(), Variable(), Variable()};
  }
};

at::Tensor focal_loss_autograd(const at::Tensor& logits, const at::Tensor& targets,
                               const std::optional<at::Tensor>& weight, double gamma,
                               double alpha) {
  return SigmoidFocalLossFunction::apply(logits, targets, weight, gamma, alpha)[0];
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, Autograd, m) {
  m.impl("sigmoid_focal_loss", TORCH_FN(focal_loss_autograd));
}

}  // namespace mmdet4j::ops
