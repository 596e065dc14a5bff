// CUDA kernels of mmdet4j::roi_align and its backward.

#include <torch/library.h>

#include "ops/common/cuda/roi_align_kernel.cuh"
#include "ops/common/reduced_precision.h"
#include "ops/cuda/launch.cuh"
#include "ops/roi_align.h"

namespace mmdet4j::ops::cuda {
namespace {

template <typename T>
cuda_kernels::RoiAlignParams<T> params(int64_t channels, int64_t height, int64_t width,
                                       int64_t pooled_height, int64_t pooled_width,
                                       int64_t sampling_ratio, double spatial_scale,
                                       bool aligned) {
  return {channels, height, width, pooled_height, pooled_width, sampling_ratio,
          static_cast<T>(spatial_scale), aligned};
}

at::Tensor roi_align_forward_cuda(const at::Tensor& input, const at::Tensor& rois,
                                  double spatial_scale, int64_t pooled_height,
                                  int64_t pooled_width, int64_t sampling_ratio, bool aligned) {
  detail::check_roi_align_args(input, rois, spatial_scale, pooled_height, pooled_width,
                               sampling_ratio);
  if (detail::is_reduced_float(input)) {
    return roi_align_forward_cuda(detail::to_compute_dtype(input), detail::to_compute_dtype(rois), spatial_scale,
                                  pooled_height, pooled_width, sampling_ratio, aligned)
        .to(input.scalar_type());
  }
  c10::cuda::CUDAGuard guard(input.device());
  const int64_t channels = input.size(1), height = input.size(2), width = input.size(3);
  auto output = at::zeros({rois.size(0), channels, pooled_height, pooled_width}, input.options());
  if (output.numel() == 0 || height == 0 || width == 0) return output;
  auto in = input.contiguous();
  auto r = rois.contiguous();
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "roi_align_forward_cuda", [&] {
    cuda_kernels::roi_align_forward_kernel<scalar_t>
        <<<blocks_for(output.numel()), kThreads, 0, current_stream()>>>(
            output.numel(), in.data_ptr<scalar_t>(), r.data_ptr<scalar_t>(),
            params<scalar_t>(channels, height, width, pooled_height, pooled_width,
                             sampling_ratio, spatial_scale, aligned),
            output.data_ptr<scalar_t>());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
  return output;
}

at::Tensor roi_align_backward_cuda(const at::Tensor& grad, const at::Tensor& rois,
                                   double spatial_scale, int64_t pooled_height,
                                   int64_t pooled_width, int64_t batch_size, int64_t channels,
                                   int64_t height, int64_t width, int64_t sampling_ratio,
                                   bool aligned) {
  detail::check_roi_align_backward_args(grad, rois, pooled_height, pooled_width, batch_size,
                                        channels, height, width, sampling_ratio);
  if (detail::is_reduced_float(grad)) {
    return roi_align_backward_cuda(detail::to_compute_dtype(grad), detail::to_compute_dtype(rois), spatial_scale,
                                   pooled_height, pooled_width, batch_size, channels, height, width, sampling_ratio,
                                   aligned)
        .to(grad.scalar_type());
  }
  c10::cuda::CUDAGuard guard(grad.device());
  auto grad_input = at::zeros({batch_size, channels, height, width}, grad.options());
  if (grad.numel() == 0 || height == 0 || width == 0) return grad_input;
  auto g = grad.contiguous();
  auto r = rois.contiguous();
  AT_DISPATCH_FLOATING_TYPES(grad.scalar_type(), "roi_align_backward_cuda", [&] {
    cuda_kernels::roi_align_backward_kernel<scalar_t>
        <<<blocks_for(g.numel()), kThreads, 0, current_stream()>>>(
            g.numel(), g.data_ptr<scalar_t>(), r.data_ptr<scalar_t>(),
            params<scalar_t>(channels, height, width, pooled_height, pooled_width,
                             sampling_ratio, spatial_scale, aligned),
            grad_input.data_ptr<scalar_t>());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
  return grad_input;
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CUDA, m) {
  m.impl("roi_align", TORCH_FN(roi_align_forward_cuda));
  m.impl("_roi_align_backward", TORCH_FN(roi_align_backward_cuda));
}

}  // namespace mmdet4j::ops::cuda
