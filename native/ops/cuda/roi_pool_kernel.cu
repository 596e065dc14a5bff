// CUDA kernels of mmdet4j::roi_pool and its backward.

#include <torch/library.h>

#include "ops/common/cuda/roi_pool_kernel.cuh"
#include "ops/common/reduced_precision.h"
#include "ops/cuda/launch.cuh"
#include "ops/roi_pool.h"

namespace mmdet4j::ops::cuda {
namespace {

std::tuple<at::Tensor, at::Tensor> roi_pool_forward_cuda(const at::Tensor& input,
                                                         const at::Tensor& rois,
                                                         double spatial_scale,
                                                         int64_t pooled_height,
                                                         int64_t pooled_width) {
  detail::check_roi_pool_args(input, rois, spatial_scale, pooled_height, pooled_width);
  if (detail::is_reduced_float(input)) {
    auto [output, argmax] = roi_pool_forward_cuda(detail::to_compute_dtype(input), detail::to_compute_dtype(rois),
                                                  spatial_scale, pooled_height, pooled_width);
    return {output.to(input.scalar_type()), argmax};
  }
  c10::cuda::CUDAGuard guard(input.device());
  const int64_t channels = input.size(1), height = input.size(2), width = input.size(3);
  auto output = at::zeros({rois.size(0), channels, pooled_height, pooled_width}, input.options());
  auto argmax = at::full(output.sizes(), -1, input.options().dtype(at::kLong));
  if (output.numel() == 0) return {output, argmax};
  auto in = input.contiguous();
  auto r = rois.contiguous();
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "roi_pool_forward_cuda", [&] {
    cuda_kernels::roi_pool_forward_kernel<scalar_t>
        <<<blocks_for(output.numel()), kThreads, 0, current_stream()>>>(
            output.numel(), in.data_ptr<scalar_t>(), r.data_ptr<scalar_t>(),
            static_cast<scalar_t>(spatial_scale), channels, height, width, pooled_height,
            pooled_width, output.data_ptr<scalar_t>(), argmax.data_ptr<int64_t>());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
  return {output, argmax};
}

at::Tensor roi_pool_backward_cuda(const at::Tensor& grad, const at::Tensor& rois,
                                  const at::Tensor& argmax, double spatial_scale,
                                  int64_t pooled_height, int64_t pooled_width,
                                  int64_t batch_size, int64_t channels, int64_t height,
                                  int64_t width) {
  detail::check_roi_pool_backward_args(grad, rois, argmax, batch_size, channels);
  if (detail::is_reduced_float(grad)) {
    return roi_pool_backward_cuda(detail::to_compute_dtype(grad), detail::to_compute_dtype(rois), argmax,
                                  spatial_scale, pooled_height, pooled_width, batch_size, channels, height, width)
        .to(grad.scalar_type());
  }
  c10::cuda::CUDAGuard guard(grad.device());
  auto grad_input = at::zeros({batch_size, channels, height, width}, grad.options());
  if (grad.numel() == 0) return grad_input;
  auto g = grad.contiguous();
  auto a = argmax.contiguous();
  auto r = rois.contiguous();
  AT_DISPATCH_FLOATING_TYPES(grad.scalar_type(), "roi_pool_backward_cuda", [&] {
    cuda_kernels::roi_pool_backward_kernel<scalar_t>
        <<<blocks_for(g.numel()), kThreads, 0, current_stream()>>>(
            g.numel(), g.data_ptr<scalar_t>(), a.data_ptr<int64_t>(), r.data_ptr<scalar_t>(),
            channels, height, width, pooled_height * pooled_width,
            grad_input.data_ptr<scalar_t>());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
  return grad_input;
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CUDA, m) {
  m.impl("roi_pool", TORCH_FN(roi_pool_forward_cuda));
  m.impl("_roi_pool_backward", TORCH_FN(roi_pool_backward_cuda));
}

}  // namespace mmdet4j::ops::cuda
