#pragma once
// mmdet4j::masked_conv2d — mmcv's MaskedConv2d: a convolution evaluated only at the output
// positions where `mask` > 0, zero elsewhere (guided anchoring evaluates its adapted features only
// where its location branch fires). input (N, C, H, W), mask (N, H_out, W_out), weight
// (C_out, C, kh, kw), bias (C_out) or none. mmcv takes one image and stride 1; this op takes any
// batch, stride and padding. Not differentiable, like mmcv's (it serves inference).

#include <ATen/ATen.h>

#include <optional>

#include "ops/common/masked_im2col.h"

namespace mmdet4j::ops {

at::Tensor masked_conv2d(const at::Tensor& input, const at::Tensor& mask, const at::Tensor& weight,
                         const std::optional<at::Tensor>& bias, at::IntArrayRef padding, at::IntArrayRef stride);

namespace detail {

struct MaskedConvShape {
  int64_t batch, channels, height, width, out_channels, kernel_h, kernel_w, out_h, out_w;
  int64_t pad_h, pad_w, stride_h, stride_w;
};

MaskedConvShape check_masked_conv2d_args(const at::Tensor& input, const at::Tensor& mask, const at::Tensor& weight,
                                         const std::optional<at::Tensor>& bias, at::IntArrayRef padding,
                                         at::IntArrayRef stride);

// The masked output positions (M, 3: image, row, column), row-major.
at::Tensor masked_positions(const at::Tensor& mask);

// The receptive-field geometry the im2col kernels read.
math::MaskedIm2colGeometry im2col_geometry(const MaskedConvShape& s);

// The device-independent rest of the op: `columns` (C * kh * kw, M) hold the receptive fields of
// the M masked positions `where` (M, 3: image, row, column); returns the output with the
// convolution at those positions and zeros elsewhere.
at::Tensor masked_conv2d_from_columns(const MaskedConvShape& s, const at::Tensor& columns, const at::Tensor& where,
                                      const at::Tensor& weight, const std::optional<at::Tensor>& bias,
                                      const at::TensorOptions& options);

}  // namespace detail

}  // namespace mmdet4j::ops
