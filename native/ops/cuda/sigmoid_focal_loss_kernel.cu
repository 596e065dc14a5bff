// CUDA kernels of mmdet4j::sigmoid_focal_loss and its backward.

#include <torch/library.h>

#include "ops/common/cuda/sigmoid_focal_loss_kernel.cuh"
#include "ops/common/reduced_precision.h"
#include "ops/cuda/launch.cuh"
#include "ops/sigmoid_focal_loss.h"

namespace mmdet4j::ops::cuda {
namespace {

template <bool kBackward>
at::Tensor focal_loss_cuda(const at::Tensor& logits, const at::Tensor& targets,
                           const at::Tensor& weight, const at::Tensor& grad, double gamma,
                           double alpha) {
  c10::cuda::CUDAGuard guard(logits.device());
  auto out = at::empty_like(logits, at::MemoryFormat::Contiguous);
  if (out.numel() == 0) return out;
  auto x = logits.contiguous();
  auto t = targets.contiguous();
  auto w = weight.defined() ? weight.contiguous() : weight;  // materialises a broadcast view
  auto g = grad.defined() ? grad.contiguous() : grad;
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "sigmoid_focal_loss_cuda", [&] {
    cuda_kernels::sigmoid_focal_loss_kernel<scalar_t, kBackward>
        <<<blocks_for(x.numel()), kThreads, 0, current_stream()>>>(
            x.numel(), x.size(1), x.data_ptr<scalar_t>(), t.data_ptr<int64_t>(),
            w.defined() ? w.data_ptr<scalar_t>() : nullptr,
            g.defined() ? g.data_ptr<scalar_t>() : nullptr, static_cast<scalar_t>(gamma),
            static_cast<scalar_t>(alpha), out.data_ptr<scalar_t>());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
  return out;
}

at::Tensor forward_cuda(const at::Tensor& logits, const at::Tensor& targets,
                        const std::optional<at::Tensor>& weight, double gamma, double alpha) {
  auto w = detail::check_focal_loss_args(logits, targets, weight, gamma, alpha);
  if (detail::is_reduced_float(logits)) {
    return forward_cuda(detail::to_compute_dtype(logits), targets, detail::to_compute_dtype(w), gamma, alpha)
        .to(logits.scalar_type());
  }
  return focal_loss_cuda<false>(logits, targets, w, at::Tensor(), gamma, alpha);
}

at::Tensor backward_cuda(const at::Tensor& grad, const at::Tensor& logits,
                         const at::Tensor& targets, const std::optional<at::Tensor>& weight,
                         double gamma, double alpha) {
  auto w = detail::check_focal_loss_args(logits, targets, weight, gamma, alpha);
  TORCH_CHECK(grad.sizes() == logits.sizes(), "sigmoid_focal_loss_backward: grad must be ",
              logits.sizes(), ", got ", grad.sizes());
  if (detail::is_reduced_float(logits)) {
    return backward_cuda(detail::to_compute_dtype(grad), detail::to_compute_dtype(logits), targets,
                         detail::to_compute_dtype(w), gamma, alpha)
        .to(logits.scalar_type());
  }
  return focal_loss_cuda<true>(logits, targets, w, grad, gamma, alpha);
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CUDA, m) {
  m.impl("sigmoid_focal_loss", TORCH_FN(forward_cuda));
  m.impl("_sigmoid_focal_loss_backward", TORCH_FN(backward_cuda));
}

}  // namespace mmdet4j::ops::cuda
