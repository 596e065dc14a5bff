#include "ops/sigmoid_focal_loss.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include "ops/common/checks.h"

namespace mmdet4j::ops {

at::Tensor sigmoid_focal_loss(const at::Tensor& logits, const at::Tensor& targets,
                              const std::optional<at::Tensor>& weight, double gamma,
                              double alpha) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::sigmoid_focal_loss", "")
                       .typed<decltype(sigmoid_focal_loss)>();
  return op.call(logits, targets, weight, gamma, alpha);
}

at::Tensor sigmoid_focal_loss_backward(const at::Tensor& grad, const at::Tensor& logits,
                                       const at::Tensor& targets,
                                       const std::optional<at::Tensor>& weight, double gamma,
                                       double alpha) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::_sigmoid_focal_loss_backward", "")
                       .typed<decltype(sigmoid_focal_loss_backward)>();
  return op.call(grad, logits, targets, weight, gamma, alpha);
}

namespace detail {

at::Tensor check_focal_loss_args(const at::Tensor& logits, const at::Tensor& targets,
                                 const std::optional<at::Tensor>& weight, double gamma,
                                 double alpha) {
  const char* op = "sigmoid_focal_loss";
  TORCH_CHECK(logits.dim() == 2, op, ": logits must be (N, C), got shape ", logits.sizes());
  TORCH_CHECK(logits.is_floating_point(), op, ": logits must be floating point, got ",
              logits.scalar_type());
  TORCH_CHECK(targets.dim() == 1 && targets.size(0) == logits.size(0), op,
              ": targets must have shape (", logits.size(0), ",), got ", targets.sizes());
  TORCH_CHECK(targets.scalar_type() == at::kLong, op, ": targets must be int64 labels, got ",
              targets.scalar_type());
  check_same_device(logits, targets, op);
  TORCH_CHECK(std::isfinite(gamma) && gamma >= 0, op, ": gamma must be >= 0, got ", gamma);
  TORCH_CHECK(std::isfinite(alpha) && alpha >= 0 && alpha <= 1, op,
              ": alpha must be in [0, 1], got ", alpha);
  const int64_t n = logits.size(0), c = logits.size(1);
  if (n > 0) {
    auto bad = (targets < 0).logical_or(targets > c);
    if (bad.any().item<bool>()) {
      int64_t row = bad.nonzero().select(1, 0)[0].item<int64_t>();
      TORCH_CHECK(false, op, ": targets[", row, "] = ", targets[row].item<int64_t>(),
                  " is not a label in [0, ", c, "] (", c, " is background)");
    }
  }
  if (!weight.has_value() || !weight->defined()) return at::Tensor();
  const at::Tensor& w = *weight;
  check_same_device(logits, w, op);
  TORCH_CHECK(w.scalar_type() == logits.scalar_type(), op,
              ": weight must have the dtype of logits, got ", w.scalar_type());
  if (w.dim() == 1) {
    TORCH_CHECK(w.size(0) == n, op, ": a 1-D weight is per sample and needs ", n,
                " elements, got ", w.size(0));
    return w.unsqueeze(1).expand({n, c});
  }
  TORCH_CHECK(w.dim() == 2 && w.size(0) == n && w.size(1) == c, op, ": weight must be (", n,
              ",) or (", n, ", ", c, "), got ", w.sizes());
  return w;
}

}  // namespace detail

TORCH_LIBRARY_FRAGMENT(mmdet4j, m) {
  m.def(
      "sigmoid_focal_loss(Tensor logits, Tensor targets, Tensor? weight=None, float gamma=2.0, "
      "float alpha=0.25) -> Tensor");
  m.def(
      "_sigmoid_focal_loss_backward(Tensor grad, Tensor logits, Tensor targets, Tensor? weight, "
      "float gamma, float alpha) -> Tensor");
}

}  // namespace mmdet4j::ops
