#pragma once
// mmdet4j::deform_conv2d — deformable convolution (Dai et al. 2017, DCNv1) and, with a mask, its
// modulated form (Zhu et al. 2019, DCNv2), with torchvision's / mmcv's semantics:
//   input  (N, C, H, W)
//   weight (C_out, C / groups, kh, kw)
//   offset (N, 2 * deform_groups * kh * kw, H_out, W_out): per deform group and kernel tap a
//          (dy, dx) pair added to the tap's sampling point, bilinearly sampled with zeros outside
//   mask   (N, deform_groups * kh * kw, H_out, W_out) or none: per tap a factor on the sample
//   bias   (C_out) or none
// The input channels fall into `deform_groups` consecutive groups, each with its own offsets.
// Differentiable with respect to input, weight, offset, mask and bias
// (autograd/deform_conv2d_autograd.cpp).

#include <ATen/ATen.h>

#include <optional>
#include <tuple>

#include "ops/common/checks.h"

namespace mmdet4j::ops {

at::Tensor deform_conv2d(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
                         const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias,
                         at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups,
                         int64_t deform_groups);

// Gradients (input, weight, offset, mask, bias) of the sum of `grad` times the output; the mask's
// and the bias's are empty tensors when the forward had none.
using DeformConvGrads = std::tuple<at::Tensor, at::Tensor, at::Tensor, at::Tensor, at::Tensor>;
DeformConvGrads deform_conv2d_backward(
    const at::Tensor& grad, const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
    const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias, at::IntArrayRef stride,
    at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups, int64_t deform_groups);

namespace detail {

// The validated sizes of one deform_conv2d call.
struct DeformConvShape {
  int64_t batch, in_channels, height, width;
  int64_t out_channels, kernel_h, kernel_w, out_h, out_w;
  int64_t stride_h, stride_w, pad_h, pad_w, dil_h, dil_w;
  int64_t groups, deform_groups;
};

// Checks every argument (ranks, channel counts, the offset's and mask's shapes against the output
// size, devices, dtypes) with the shapes in the message; returns the sizes.
DeformConvShape check_deform_conv2d_args(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
                                         const std::optional<at::Tensor>& mask,
                                         const std::optional<at::Tensor>& bias, at::IntArrayRef stride,
                                         at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups,
                                         int64_t deform_groups);

// The forward's checks plus grad's shape (N, C_out, H_out, W_out).
DeformConvShape check_deform_conv2d_backward_args(const at::Tensor& grad, const at::Tensor& input,
                                                  const at::Tensor& weight, const at::Tensor& offset,
                                                  const std::optional<at::Tensor>& mask,
                                                  const std::optional<at::Tensor>& bias, at::IntArrayRef stride,
                                                  at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups,
                                                  int64_t deform_groups);

// The gradients before a backward kernel adds to them: zeros shaped like input, weight, offset and
// mask (empty without a mask), and the bias's, complete (grad summed; empty without a bias).
DeformConvGrads initial_grads(const at::Tensor& grad, const at::Tensor& input, const at::Tensor& weight,
                              const at::Tensor& offset, const std::optional<at::Tensor>& mask,
                              const std::optional<at::Tensor>& bias);

// A device's forward run on float32 copies of float16 / bfloat16 arguments, the output cast back
// to the input's dtype.
using DeformConvForward = at::Tensor (*)(const at::Tensor&, const at::Tensor&, const at::Tensor&,
                                         const std::optional<at::Tensor>&, const std::optional<at::Tensor>&,
                                         at::IntArrayRef, at::IntArrayRef, at::IntArrayRef, int64_t, int64_t);
at::Tensor forward_in_float32(DeformConvForward forward, const at::Tensor& input, const at::Tensor& weight,
                              const at::Tensor& offset, const std::optional<at::Tensor>& mask,
                              const std::optional<at::Tensor>& bias, at::IntArrayRef stride, at::IntArrayRef padding,
                              at::IntArrayRef dilation, int64_t groups, int64_t deform_groups);

// A device's backward run on float32 copies of float16 / bfloat16 arguments, the gradients cast
// back to the input's dtype.
using DeformConvBackward = DeformConvGrads (*)(const at::Tensor&, const at::Tensor&, const at::Tensor&,
                                               const at::Tensor&, const std::optional<at::Tensor>&,
                                               const std::optional<at::Tensor>&, at::IntArrayRef, at::IntArrayRef,
                                               at::IntArrayRef, int64_t, int64_t);
DeformConvGrads backward_in_float32(DeformConvBackward backward, const at::Tensor& grad, const at::Tensor& input,
                                    const at::Tensor& weight, const at::Tensor& offset,
                                    const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias,
                                    at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation,
                                    int64_t groups, int64_t deform_groups);

}  // namespace detail

}  // namespace mmdet4j::ops
