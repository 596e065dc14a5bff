// CPU kernels of mmdet4j::sigmoid_focal_loss and its backward.

#include <ATen/Parallel.h>
#include <torch/library.h>

#include "ops/common/focal_loss_math.h"
#include "ops/sigmoid_focal_loss.h"
#include "ops/common/reduced_precision.h"

namespace mmdet4j::ops::cpu {
namespace {

// out[i, c] = f(logits[i, c], targets[i] == c) * weight[i, c] (* grad[i, c] when given).
template <typename Fn>
at::Tensor elementwise(const at::Tensor& logits, const at::Tensor& targets,
                       const at::Tensor& weight, const at::Tensor& grad, Fn fn) {
  auto out = at::empty_like(logits, at::MemoryFormat::Contiguous);
  if (out.numel() == 0) return out;
  auto x = logits.contiguous();
  auto t = targets.contiguous();
  auto w = weight.defined() ? weight.contiguous() : weight;
  auto g = grad.defined() ? grad.contiguous() : grad;
  const int64_t n = x.size(0), c = x.size(1);
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "sigmoid_focal_loss_cpu", [&] {
    const scalar_t* xp = x.data_ptr<scalar_t>();
    const int64_t* tp = t.data_ptr<int64_t>();
    const scalar_t* wp = w.defined() ? w.data_ptr<scalar_t>() : nullptr;
    const scalar_t* gp = g.defined() ? g.data_ptr<scalar_t>() : nullptr;
    scalar_t* op = out.data_ptr<scalar_t>();
    at::parallel_for(0, n, std::max<int64_t>(1, 16384 / std::max<int64_t>(c, 1)),
                     [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        for (int64_t k = i * c; k < (i + 1) * c; ++k) {
          scalar_t v = fn(xp[k], tp[i] == k - i * c, scalar_t());
          if (wp) v *= wp[k];
          if (gp) v *= gp[k];
          op[k] = v;
        }
      }
    });
  });
  return out;
}

at::Tensor focal_loss_forward_cpu(const at::Tensor& logits, const at::Tensor& targets,
                                  const std::optional<at::Tensor>& weight, double gamma,
                                  double alpha) {
  auto w = detail::check_focal_loss_args(logits, targets, weight, gamma, alpha);
  if (detail::is_reduced_float(logits)) {
    return focal_loss_forward_cpu(detail::to_compute_dtype(logits), targets, detail::to_compute_dtype(w), gamma, alpha)
        .to(logits.scalar_type());
  }
  return elementwise(logits, targets, w, at::Tensor(), [&](auto x, bool pos, auto zero) {
    using T = decltype(zero);
    return math::focal_loss<T>(x, pos, static_cast<T>(gamma), static_cast<T>(alpha));
  });
}

at::Tensor focal_loss_backward_cpu(const at::Tensor& grad, const at::Tensor& logits,
                                   const at::Tensor& targets,
                                   const std::optional<at::Tensor>& weight, double gamma,
                                   double alpha) {
  auto w = detail::check_focal_loss_args(logits, targets, weight, gamma, alpha);
  TORCH_CHECK(grad.sizes() == logits.sizes(), "sigmoid_focal_loss_backward: grad must be ",
              logits.sizes(), ", got ", grad.sizes());
  if (detail::is_reduced_float(logits)) {
    return focal_loss_backward_cpu(detail::to_compute_dtype(grad), detail::to_compute_dtype(logits), targets,
                                   detail::to_compute_dtype(w), gamma, alpha)
        .to(logits.scalar_type());
  }
  return elementwise(logits, targets, w, grad.expand_as(logits), [&](auto x, bool pos, auto zero) {
    using T = decltype(zero);
    return math::focal_loss_grad<T>(x, pos, static_cast<T>(gamma), static_cast<T>(alpha));
  });
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CPU, m) {
  m.impl("sigmoid_focal_loss", TORCH_FN(focal_loss_forward_cpu));
  m.impl("_sigmoid_focal_loss_backward", TORCH_FN(focal_loss_backward_cpu));
}

}  // namespace mmdet4j::ops::cpu
