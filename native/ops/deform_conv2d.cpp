#include "ops/deform_conv2d.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include "ops/common/checks.h"
#include "ops/common/reduced_precision.h"

namespace mmdet4j::ops {

at::Tensor deform_conv2d(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
                         const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias,
                         at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups,
                         int64_t deform_groups) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::deform_conv2d", "")
                       .typed<decltype(deform_conv2d)>();
  return op.call(input, weight, offset, mask, bias, stride, padding, dilation, groups, deform_groups);
}

DeformConvGrads deform_conv2d_backward(
    const at::Tensor& grad, const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
    const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias, at::IntArrayRef stride,
    at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups, int64_t deform_groups) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::_deform_conv2d_backward", "")
                       .typed<decltype(deform_conv2d_backward)>();
  return op.call(grad, input, weight, offset, mask, bias, stride, padding, dilation, groups, deform_groups);
}

namespace detail {
namespace {

constexpr const char* kOp = "deform_conv2d";

std::pair<int64_t, int64_t> pair_of(at::IntArrayRef values, const char* name, int64_t min) {
  TORCH_CHECK(values.size() == 2, kOp, ": ", name, " must have two values (h, w), got ", values);
  TORCH_CHECK(values[0] >= min && values[1] >= min, kOp, ": ", name, " must be >= ", min, ", got ", values);
  return {values[0], values[1]};
}

void check_like_input(const at::Tensor& t, const at::Tensor& input, const char* name) {
  check_same_device(input, t, kOp);
  TORCH_CHECK(t.scalar_type() == input.scalar_type(), kOp, ": ", name, " must have the input's dtype ",
              input.scalar_type(), ", got ", t.scalar_type());
}

}  // namespace

DeformConvShape check_deform_conv2d_args(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
                                         const std::optional<at::Tensor>& mask,
                                         const std::optional<at::Tensor>& bias, at::IntArrayRef stride,
                                         at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups,
                                         int64_t deform_groups) {
  TORCH_CHECK(input.dim() == 4, kOp, ": input must be (N, C, H, W), got shape ", input.sizes());
  TORCH_CHECK(input.is_floating_point(), kOp, ": input must be floating point, got ", input.scalar_type());
  TORCH_CHECK(weight.dim() == 4, kOp, ": weight must be (C_out, C / groups, kh, kw), got shape ", weight.sizes());
  TORCH_CHECK(offset.dim() == 4, kOp, ": offset must be (N, 2 * deform_groups * kh * kw, H_out, W_out), got shape ",
              offset.sizes());
  check_like_input(weight, input, "weight");
  check_like_input(offset, input, "offset");
  DeformConvShape s{};
  s.batch = input.size(0), s.in_channels = input.size(1), s.height = input.size(2), s.width = input.size(3);
  s.out_channels = weight.size(0), s.kernel_h = weight.size(2), s.kernel_w = weight.size(3);
  std::tie(s.stride_h, s.stride_w) = pair_of(stride, "stride", 1);
  std::tie(s.pad_h, s.pad_w) = pair_of(padding, "padding", 0);
  std::tie(s.dil_h, s.dil_w) = pair_of(dilation, "dilation", 1);
  s.groups = groups, s.deform_groups = deform_groups;
  TORCH_CHECK(groups > 0 && deform_groups > 0, kOp, ": groups and deform_groups must be positive, got ", groups,
              " and ", deform_groups);
  TORCH_CHECK(s.in_channels % groups == 0 && s.out_channels % groups == 0, kOp, ": input channels (",
              s.in_channels, ") and output channels (", s.out_channels, ") must be divisible by groups (", groups,
              ")");
  TORCH_CHECK(weight.size(1) * groups == s.in_channels, kOp, ": weight ", weight.sizes(), " expects ",
              weight.size(1) * groups, " input channels with groups=", groups, ", input has shape ", input.sizes());
  TORCH_CHECK(s.in_channels % deform_groups == 0, kOp, ": input channels (", s.in_channels,
              ") must be divisible by deform_groups (", deform_groups, ")");
  TORCH_CHECK(s.kernel_h > 0 && s.kernel_w > 0, kOp, ": empty kernel, weight shape ", weight.sizes());
  s.out_h = (s.height + 2 * s.pad_h - (s.dil_h * (s.kernel_h - 1) + 1)) / s.stride_h + 1;
  s.out_w = (s.width + 2 * s.pad_w - (s.dil_w * (s.kernel_w - 1) + 1)) / s.stride_w + 1;
  TORCH_CHECK(s.out_h > 0 && s.out_w > 0, kOp, ": input ", input.sizes(), " is smaller than the dilated kernel ",
              weight.sizes(), " with padding ", padding);
  const int64_t taps = deform_groups * s.kernel_h * s.kernel_w;
  TORCH_CHECK(offset.size(0) == s.batch && offset.size(1) == 2 * taps && offset.size(2) == s.out_h &&
                  offset.size(3) == s.out_w,
              kOp, ": offset must have shape (", s.batch, ", ", 2 * taps, ", ", s.out_h, ", ", s.out_w,
              ") = (N, 2 * deform_groups * kh * kw, H_out, W_out), got ", offset.sizes());
  if (has(mask)) {
    check_like_input(*mask, input, "mask");
    TORCH_CHECK(mask->dim() == 4 && mask->size(0) == s.batch && mask->size(1) == taps && mask->size(2) == s.out_h &&
                    mask->size(3) == s.out_w,
                kOp, ": mask must have shape (", s.batch, ", ", taps, ", ", s.out_h, ", ", s.out_w,
                ") = (N, deform_groups * kh * kw, H_out, W_out), got ", mask->sizes());
  }
  if (has(bias)) {
    check_like_input(*bias, input, "bias");
    TORCH_CHECK(bias->dim() == 1 && bias->size(0) == s.out_channels, kOp, ": bias must have shape (",
                s.out_channels, "), got ", bias->sizes());
  }
  return s;
}

DeformConvShape check_deform_conv2d_backward_args(const at::Tensor& grad, const at::Tensor& input,
                                                  const at::Tensor& weight, const at::Tensor& offset,
                                                  const std::optional<at::Tensor>& mask,
                                                  const std::optional<at::Tensor>& bias, at::IntArrayRef stride,
                                                  at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups,
                                                  int64_t deform_groups) {
  const auto s = check_deform_conv2d_args(input, weight, offset, mask, bias, stride, padding, dilation, groups,
                                          deform_groups);
  check_like_input(grad, input, "grad");
  TORCH_CHECK(grad.dim() == 4 && grad.size(0) == s.batch && grad.size(1) == s.out_channels &&
                  grad.size(2) == s.out_h && grad.size(3) == s.out_w,
              "deform_conv2d_backward: grad must have shape (", s.batch, ", ", s.out_channels, ", ", s.out_h, ", ",
              s.out_w, "), got ", grad.sizes());
  return s;
}

DeformConvGrads initial_grads(const at::Tensor& grad, const at::Tensor& input, const at::Tensor& weight,
                              const at::Tensor& offset, const std::optional<at::Tensor>& mask,
                              const std::optional<at::Tensor>& bias) {
  const auto none = at::empty({0}, input.options());
  return {at::zeros_like(input, at::MemoryFormat::Contiguous), at::zeros_like(weight, at::MemoryFormat::Contiguous),
          at::zeros_like(offset, at::MemoryFormat::Contiguous),
          has(mask) ? at::zeros_like(*mask, at::MemoryFormat::Contiguous) : none,
          has(bias) ? grad.sum({0, 2, 3}) : none};
}

at::Tensor forward_in_float32(DeformConvForward forward, const at::Tensor& input, const at::Tensor& weight,
                              const at::Tensor& offset, const std::optional<at::Tensor>& mask,
                              const std::optional<at::Tensor>& bias, at::IntArrayRef stride, at::IntArrayRef padding,
                              at::IntArrayRef dilation, int64_t groups, int64_t deform_groups) {
  return forward(to_compute_dtype(input), to_compute_dtype(weight), to_compute_dtype(offset), to_compute_dtype(mask),
                 to_compute_dtype(bias), stride, padding, dilation, groups, deform_groups)
      .to(input.scalar_type());
}

DeformConvGrads backward_in_float32(DeformConvBackward backward, const at::Tensor& grad, const at::Tensor& input,
                                    const at::Tensor& weight, const at::Tensor& offset,
                                    const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias,
                                    at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation,
                                    int64_t groups, int64_t deform_groups) {
  auto [gi, gw, go, gm, gb] =
      backward(to_compute_dtype(grad), to_compute_dtype(input), to_compute_dtype(weight), to_compute_dtype(offset),
               to_compute_dtype(mask), to_compute_dtype(bias), stride, padding, dilation, groups, deform_groups);
  const auto dtype = input.scalar_type();
  return {gi.to(dtype), gw.to(dtype), go.to(dtype), gm.to(dtype), gb.to(dtype)};
}

}  // namespace detail

TORCH_LIBRARY_FRAGMENT(mmdet4j, m) {
  m.def(
      "deform_conv2d(Tensor input, Tensor weight, Tensor offset, Tensor? mask, Tensor? bias, int[2] stride, "
      "int[2] padding, int[2] dilation, int groups, int deform_groups) -> Tensor");
  m.def(
      "_deform_conv2d_backward(Tensor grad, Tensor input, Tensor weight, Tensor offset, Tensor? mask, "
      "Tensor? bias, int[2] stride, int[2] padding, int[2] dilation, int groups, int deform_groups) "
      "-> (Tensor, Tensor, Tensor, Tensor, Tensor)");
}

}  // namespace mmdet4j::ops
