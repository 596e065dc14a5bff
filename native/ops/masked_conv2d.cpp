#include "ops/masked_conv2d.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include "ops/common/checks.h"

namespace mmdet4j::ops {

at::Tensor masked_conv2d(const at::Tensor& input, const at::Tensor& mask, const at::Tensor& weight,
                         const std::optional<at::Tensor>& bias, at::IntArrayRef padding, at::IntArrayRef stride) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::masked_conv2d", "")
                       .typed<decltype(masked_conv2d)>();
  return op.call(input, mask, weight, bias, padding, stride);
}

namespace detail {

MaskedConvShape check_masked_conv2d_args(const at::Tensor& input, const at::Tensor& mask, const at::Tensor& weight,
                                         const std::optional<at::Tensor>& bias, at::IntArrayRef padding,
                                         at::IntArrayRef stride) {
  constexpr const char* op = "masked_conv2d";
  TORCH_CHECK(input.dim() == 4, op, ": input must be (N, C, H, W), got shape ", input.sizes());
  TORCH_CHECK(input.is_floating_point(), op, ": input must be floating point, got ", input.scalar_type());
  TORCH_CHECK(weight.dim() == 4 && weight.size(1) == input.size(1), op, ": weight must be (C_out, ", input.size(1),
              ", kh, kw) for input ", input.sizes(), ", got ", weight.sizes());
  check_same_device(input, weight, op);
  check_same_device(input, mask, op);
  TORCH_CHECK(weight.scalar_type() == input.scalar_type(), op, ": weight must have the input's dtype ",
              input.scalar_type(), ", got ", weight.scalar_type());
  TORCH_CHECK(padding.size() == 2 && padding[0] >= 0 && padding[1] >= 0, op,
              ": padding must be two values >= 0, got ", padding);
  TORCH_CHECK(stride.size() == 2 && stride[0] >= 1 && stride[1] >= 1, op, ": stride must be two values >= 1, got ",
              stride);
  MaskedConvShape s{input.size(0), input.size(1), input.size(2), input.size(3), weight.size(0), weight.size(2),
                    weight.size(3), 0, 0, padding[0], padding[1], stride[0], stride[1]};
  s.out_h = (s.height + 2 * s.pad_h - s.kernel_h) / s.stride_h + 1;
  s.out_w = (s.width + 2 * s.pad_w - s.kernel_w) / s.stride_w + 1;
  TORCH_CHECK(s.kernel_h > 0 && s.kernel_w > 0 && s.out_h > 0 && s.out_w > 0, op, ": input ", input.sizes(),
              " is smaller than the kernel ", weight.sizes(), " with padding ", padding);
  TORCH_CHECK(mask.dim() == 3 && mask.size(0) == s.batch && mask.size(1) == s.out_h && mask.size(2) == s.out_w, op,
              ": mask must have shape (", s.batch, ", ", s.out_h, ", ", s.out_w, ") = (N, H_out, W_out), got ",
              mask.sizes());
  if (has(bias)) {
    check_same_device(input, *bias, op);
    TORCH_CHECK(bias->dim() == 1 && bias->size(0) == s.out_channels && bias->scalar_type() == input.scalar_type(),
                op, ": bias must be (", s.out_channels, ") of dtype ", input.scalar_type(), ", got ", bias->sizes(),
                " of ", bias->scalar_type());
  }
  return s;
}

at::Tensor masked_positions(const at::Tensor& mask) {
  return at::nonzero(mask > 0).contiguous();  // nonzero returns it column-major
}

math::MaskedIm2colGeometry im2col_geometry(const MaskedConvShape& s) {
  return {s.channels, s.height, s.width, s.kernel_h, s.kernel_w, s.pad_h, s.pad_w, s.stride_h, s.stride_w};
}

at::Tensor masked_conv2d_from_columns(const MaskedConvShape& s, const at::Tensor& columns, const at::Tensor& where,
                                      const at::Tensor& weight, const std::optional<at::Tensor>& bias,
                                      const at::TensorOptions& options) {
  // Written channels-last, where each masked position's C_out values are one contiguous row.
  auto output = at::zeros({s.batch, s.out_h, s.out_w, s.out_channels}, options);
  if (where.size(0) > 0) {
    auto values = at::mm(weight.reshape({s.out_channels, -1}), columns).t();
    if (has(bias)) values = values + *bias;
    output.index_put_({where.select(1, 0), where.select(1, 1), where.select(1, 2)}, values);
  }
  return output.permute({0, 3, 1, 2}).contiguous();
}

}  // namespace detail

TORCH_LIBRARY_FRAGMENT(mmdet4j, m) {
  m.def(
      "masked_conv2d(Tensor input, Tensor mask, Tensor weight, Tensor? bias, int[2] padding, int[2] stride) "
      "-> Tensor");
}

}  // namespace mmdet4j::ops
