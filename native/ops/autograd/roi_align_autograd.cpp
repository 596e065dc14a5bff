// Autograd of mmdet4j::roi_align: gradient with respect to `input` through _roi_align_backward.

#include <torch/autograd.h>
#include <torch/library.h>

#include "ops/roi_align.h"

namespace mmdet4j::ops {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::Variable;
using torch::autograd::variable_list;

class RoIAlignFunction : public torch::autograd::Function<RoIAlignFunction> {
 public:
  static variable_list forward(AutogradContext* ctx, const Variable& input, const Variable& rois,
                               double spatial_scale, int64_t pooled_height, int64_t pooled_width,
                               int64_t sampling_ratio, bool aligned) {
    ctx->saved_data["spatial_scale"] = spatial_scale;
    ctx->saved_data["pooled_height"] = pooled_height;
    ctx->saved_data["pooled_width"] = pooled_width;
    ctx->saved_data["sampling_ratio"] = sampling_ratio;
    ctx->saved_data["aligned"] = aligned;
    ctx->saved_data["input_shape"] = input.sizes();
    ctx->save_for_backward({rois});
    at::AutoDispatchBelowADInplaceOrView guard;
    return {roi_align(input, rois, spatial_scale, pooled_height, pooled_width, sampling_ratio,
                      aligned)};
  }

  static variable_list backward(AutogradContext* ctx, const variable_list& grad_output) {
    auto rois = ctx->get_saved_variables()[0];
    auto shape = ctx->saved_data["input_shape"].toIntList();
    auto grad_in = roi_align_backward(
        grad_output[0], rois, ctx->saved_data["spatial_scale"].toDouble(),
        ctx->saved_data["pooled_height"].toInt(), ctx->saved_data["pooled_width"].toInt(),
        shape[0], shape[1], shape[2], shape[3], ctx->saved_data["sampling_ratio"].toInt(),
        ctx->saved_data["aligned"].toBool());
    return {grad_in, Variable(), Variable(), Variable(), Variable(), Variable(), Variable()};
  }
};

at::Tensor roi_align_autograd(const at::Tensor& input, const at::Tensor& rois,
                              double spatial_scale, int64_t pooled_height, int64_t pooled_width,
                              int64_t sampling_ratio, bool aligned) {
  return RoIAlignFunction::apply(input, rois, spatial_scale, pooled_height, pooled_width,
                                 sampling_ratio, aligned)[0];
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, Autograd, m) {
  m.impl("roi_align", TORCH_FN(roi_align_autograd));
}

}  // namespace mmdet4j::ops
