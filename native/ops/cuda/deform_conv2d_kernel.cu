// CUDA kernels of mmdet4j::deform_conv2d and its backward: per image, the columns from the
// sampling kernels and the products through batched GEMMs (cuBLAS via ATen), as the CPU
// launcher does.

#include <torch/library.h>

#include "ops/common/cuda/deform_conv2d_kernel.cuh"
#include "ops/common/reduced_precision.h"
#include "ops/cuda/launch.cuh"
#include "ops/deform_conv2d.h"

namespace mmdet4j::ops::cuda {
namespace {

using detail::DeformConvShape;

cuda_kernels::DeformConvParams params(const DeformConvShape& s) {
  return {s.in_channels, s.height, s.width, s.out_h, s.out_w, s.kernel_h, s.kernel_w, s.stride_h, s.stride_w,
          s.pad_h, s.pad_w, s.dil_h, s.dil_w, s.deform_groups};
}

// The grouped (groups, rows per group, H_out * W_out) view of one image's columns.
at::Tensor grouped(const at::Tensor& columns, const DeformConvShape& s) {
  return columns.view({s.groups, s.in_channels / s.groups * s.kernel_h * s.kernel_w, s.out_h * s.out_w});
}

template <typename T>
const T* data_or_null(const at::Tensor& t, int64_t image, int64_t per_image) {
  return t.defined() ? t.data_ptr<T>() + image * per_image : nullptr;
}

at::Tensor deform_conv2d_forward_cuda(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
                                      const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias,
                                      at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation,
                                      int64_t groups, int64_t deform_groups) {
  const auto s = detail::check_deform_conv2d_args(input, weight, offset, mask, bias, stride, padding, dilation,
                                                  groups, deform_groups);
  if (detail::is_reduced_float(input)) {
    return detail::forward_in_float32(deform_conv2d_forward_cuda, input, weight, offset, mask, bias, stride, padding,
                                      dilation, groups, deform_groups);
  }
  c10::cuda::CUDAGuard guard(input.device());
  auto output = at::zeros({s.batch, s.out_channels, s.out_h, s.out_w}, input.options());
  if (output.numel() == 0) return output;
  const auto in = input.contiguous(), off = offset.contiguous();
  const auto w = weight.contiguous().view({groups, s.out_channels / groups, -1});
  const auto msk = detail::has(mask) ? mask->contiguous() : at::Tensor();
  auto columns = at::empty({s.in_channels * s.kernel_h * s.kernel_w, s.out_h * s.out_w}, input.options());
  const int64_t taps = s.deform_groups * s.kernel_h * s.kernel_w, plane = s.out_h * s.out_w;
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "deform_conv2d_forward_cuda", [&] {
    for (int64_t b = 0; b < s.batch; ++b) {
      cuda_kernels::deform_im2col_kernel<scalar_t><<<blocks_for(columns.numel()), kThreads, 0, current_stream()>>>(
          params(s), in[b].data_ptr<scalar_t>(), off[b].data_ptr<scalar_t>(),
          data_or_null<scalar_t>(msk, b, taps * plane), columns.data_ptr<scalar_t>());
      C10_CUDA_KERNEL_LAUNCH_CHECK();
      auto out = output[b].view({groups, s.out_channels / groups, plane});
      at::bmm_out(out, w, grouped(columns, s));
    }
  });
  if (detail::has(bias)) output.add_(bias->view({1, s.out_channels, 1, 1}));
  return output;
}

DeformConvGrads deform_conv2d_backward_cuda(
    const at::Tensor& grad, const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
    const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias, at::IntArrayRef stride,
    at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups, int64_t deform_groups) {
  const auto s = detail::check_deform_conv2d_backward_args(grad, input, weight, offset, mask, bias, stride, padding,
                                                           dilation, groups, deform_groups);
  if (detail::is_reduced_float(input)) {
    return detail::backward_in_float32(deform_conv2d_backward_cuda, grad, input, weight, offset, mask, bias, stride,
                                       padding, dilation, groups, deform_groups);
  }
  c10::cuda::CUDAGuard guard(input.device());
  const bool with_mask = detail::has(mask);
  // References rather than structured bindings: the kernels' lambdas capture them.
  auto grads = detail::initial_grads(grad, input, weight, offset, mask, bias);
  auto &grad_input = std::get<0>(grads), &grad_weight = std::get<1>(grads), &grad_offset = std::get<2>(grads);
  auto& grad_mask = std::get<3>(grads);
  if (s.batch == 0) return grads;
  const auto in = input.contiguous(), off = offset.contiguous(), g_out = grad.contiguous();
  const auto w_t = weight.contiguous().view({groups, s.out_channels / groups, -1}).transpose(1, 2);
  const auto msk = with_mask ? mask->contiguous() : at::Tensor();
  auto g_w = grad_weight.view({groups, s.out_channels / groups, -1});
  auto columns = at::empty({s.in_channels * s.kernel_h * s.kernel_w, s.out_h * s.out_w}, input.options());
  auto grad_columns = at::empty_like(columns);
  const int64_t taps = s.deform_groups * s.kernel_h * s.kernel_w, plane = s.out_h * s.out_w;
  const auto q = params(s);
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "deform_conv2d_backward_cuda", [&] {
    for (int64_t b = 0; b < s.batch; ++b) {
      const scalar_t* image = in[b].data_ptr<scalar_t>();
      const scalar_t* off_b = off[b].data_ptr<scalar_t>();
      const scalar_t* mask_b = data_or_null<scalar_t>(msk, b, taps * plane);
      const auto g_b = g_out[b].view({groups, s.out_channels / groups, plane});
      auto g_cols = grouped(grad_columns, s);
      at::bmm_out(g_cols, w_t, g_b);
      cuda_kernels::deform_col2im_kernel<scalar_t><<<blocks_for(columns.numel()), kThreads, 0, current_stream()>>>(
          q, off_b, mask_b, grad_columns.data_ptr<scalar_t>(), grad_input[b].data_ptr<scalar_t>());
      C10_CUDA_KERNEL_LAUNCH_CHECK();
      cuda_kernels::deform_offset_mask_grad_kernel<scalar_t>
          <<<blocks_for(taps * plane), kThreads, 0, current_stream()>>>(
              q, image, off_b, mask_b, grad_columns.data_ptr<scalar_t>(), grad_offset[b].data_ptr<scalar_t>(),
              with_mask ? grad_mask[b].data_ptr<scalar_t>() : nullptr);
      C10_CUDA_KERNEL_LAUNCH_CHECK();
      cuda_kernels::deform_im2col_kernel<scalar_t><<<blocks_for(columns.numel()), kThreads, 0, current_stream()>>>(
          q, image, off_b, mask_b, columns.data_ptr<scalar_t>());
      C10_CUDA_KERNEL_LAUNCH_CHECK();
      g_w.baddbmm_(g_b, grouped(columns, s).transpose(1, 2));
    }
  });
  return grads;
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CUDA, m) {
  m.impl("deform_conv2d", TORCH_FN(deform_conv2d_forward_cuda));
  m.impl("_deform_conv2d_backward", TORCH_FN(deform_conv2d_backward_cuda));
}

}  // namespace mmdet4j::ops::cuda
