// Autograd of mmdet4j::deform_conv2d: gradients of input, weight, offset, mask and bias through
// _deform_conv2d_backward.

#include <torch/autograd.h>
#include <torch/library.h>

#include "ops/deform_conv2d.h"

namespace mmdet4j::ops {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::Variable;
using torch::autograd::variable_list;

// autograd's apply takes tensors, not optionals, and no undefined ones: an absent mask or bias
// travels as an empty placeholder.
at::Tensor placeholder_for(const std::optional<at::Tensor>& t, const at::Tensor& like) {
  return detail::has(t) ? *t : at::empty({0}, like.options());
}

std::optional<at::Tensor> optional_of(const at::Tensor& t, bool present) {
  return present ? std::optional<at::Tensor>(t) : std::nullopt;
}

class DeformConv2dFunction : public torch::autograd::Function<DeformConv2dFunction> {
 public:
  static variable_list forward(AutogradContext* ctx, const Variable& input, const Variable& weight,
                               const Variable& offset, const Variable& mask, bool has_mask, const Variable& bias,
                               bool has_bias, std::vector<int64_t> stride, std::vector<int64_t> padding, std::vector<int64_t> dilation,
                               int64_t groups, int64_t deform_groups) {
    ctx->saved_data["stride"] = stride;
    ctx->saved_data["padding"] = padding;
    ctx->saved_data["dilation"] = dilation;
    ctx->saved_data["groups"] = groups;
    ctx->saved_data["deform_groups"] = deform_groups;
    ctx->saved_data["has_mask"] = has_mask;
    ctx->saved_data["has_bias"] = has_bias;
    ctx->save_for_backward({input, weight, offset, mask, bias});
    at::AutoDispatchBelowADInplaceOrView guard;
    return {deform_conv2d(input, weight, offset, optional_of(mask, has_mask), optional_of(bias, has_bias), stride, padding, dilation,
                          groups, deform_groups)};
  }

  static variable_list backward(AutogradContext* ctx, const variable_list& grad_output) {
    const auto saved = ctx->get_saved_variables();
    const bool has_mask = ctx->saved_data["has_mask"].toBool(), has_bias = ctx->saved_data["has_bias"].toBool();
    auto [g_input, g_weight, g_offset, g_mask, g_bias] = deform_conv2d_backward(
        grad_output[0], saved[0], saved[1], saved[2], optional_of(saved[3], has_mask), optional_of(saved[4], has_bias),
        ctx->saved_data["stride"].toIntVector(), ctx->saved_data["padding"].toIntVector(),
        ctx->saved_data["dilation"].toIntVector(), ctx->saved_data["groups"].toInt(),
        ctx->saved_data["deform_groups"].toInt());
    return {g_input,
            g_weight,
            g_offset,
            has_mask ? g_mask : Variable(),
            Variable(),
            has_bias ? g_bias : Variable(),
            Variable(),
            Variable(),
            Variable(),
            Variable(),
            Variable(),
            Variable()};
  }
};

at::Tensor deform_conv2d_autograd(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
                                  const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias,
                                  at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation,
                                  int64_t groups, int64_t deform_groups) {
  return DeformConv2dFunction::apply(input, weight, offset, placeholder_for(mask, input), detail::has(mask),
                                     placeholder_for(bias, input), detail::has(bias), stride.vec(), padding.vec(), dilation.vec(), groups, deform_groups)[0];
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, Autograd, m) {
  m.impl("deform_conv2d", TORCH_FN(deform_conv2d_autograd));
}

}  // namespace mmdet4j::ops
