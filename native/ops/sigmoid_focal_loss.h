#pragma once
// mmdet4j::sigmoid_focal_loss — the fused focal loss of RetinaNet (Lin et al. 2017, eq. 5) on
// logits, as mmcv's sigmoid_focal_loss with reduction 'none':
//   p = sigmoid(x); for the target class:  -alpha * (1 - p)^gamma * log(p)
//                   for the other classes: -(1 - alpha) * p^gamma * log(1 - p)
// targets are int64 labels in [0, C]; C (= num_classes) is background, as in mmdetection v2.
// `weight` is optional: (N,) per sample or (N, C) per element, multiplied into the loss.
// log(p) and log(1 - p) are evaluated as log-sigmoids, so large logits do not overflow.

#include <ATen/ATen.h>

#include <optional>

namespace mmdet4j::ops {

at::Tensor sigmoid_focal_loss(const at::Tensor& logits, const at::Tensor& targets,
                              const std::optional<at::Tensor>& weight, double gamma, double alpha);

at::Tensor sigmoid_focal_loss_backward(const at::Tensor& grad, const at::Tensor& logits,
                                       const at::Tensor& targets,
                                       const std::optional<at::Tensor>& weight, double gamma,
                                       double alpha);

namespace detail {
// Checks the arguments; returns the weight as an (N, C)-broadcastable tensor or undefined.
at::Tensor check_focal_loss_args(const at::Tensor& logits, const at::Tensor& targets,
                                 const std::optional<at::Tensor>& weight, double gamma,
                                 double alpha);
}  // namespace detail

}  // namespace mmdet4j::ops
