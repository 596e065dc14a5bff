// Autograd of mmdet4j::roi_pool: the gradient goes to the argmax position of each bin.

#include <torch/autograd.h>
#include <torch/library.h>

#include "ops/roi_pool.h"

namespace mmdet4j::ops {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::Variable;
using torch::autograd::variable_list;

class RoIPoolFunction : public torch::autograd::Function<RoIPoolFunction> {
 public:
  static variable_list forward(AutogradContext* ctx, const Variable& input, const Variable& rois,
                               double spatial_scale, int64_t pooled_height,
                               int64_t pooled_width) {
    ctx->saved_data["spatial_scale"] = spatial_scale;
    ctx->saved_data["pooled_height"] = pooled_height;
    ctx->saved_data["pooled_width"] = pooled_width;
    ctx->saved_data["input_shape"] = input.sizes();
    at::AutoDispatchBelowADInplaceOrView guard;
    auto [output, argmax] = roi_pool(input, rois, spatial_scale, pooled_height, pooled_width);
    ctx->save_for_backward({rois, argmax});
    ctx->mark_non_differentiable({argmax});
    return {output, argmax};
  }

  static variable_list backward(AutogradContext* ctx, const variable_list& grad_output) {
    auto saved = ctx->get_saved_variables();
    auto shape = ctx->saved_data["input_shape"].toIntList();
    auto grad_in = roi_pool_backward(
        grad_output[0], saved[0], saved[1], ctx->saved_data["spatial_scale"].toDouble(),
        ctx->saved_data["pooled_height"].toInt(), ctx->saved_data["pooled_width"].toInt(),
        shape[0], shape[1], shape[2], shape[3]);
    return {grad_in, Variable(), Variable(), Variable(), Variable()};
  }
};

std::tuple<at::Tensor, at::Tensor> roi_pool_autograd(const at::Tensor& input,
                                                     const at::Tensor& rois,
                                                     double spatial_scale, int64_t pooled_height,
                                                     int64_t pooled_width) {
  auto result = RoIPoolFunction::apply(input, rois, spatial_scale, pooled_height, pooled_width);
  return {result[0], result[1]};
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, Autograd, m) {
  m.impl("roi_pool", TORCH_FN(roi_pool_autograd));
}

}  // namespace mmdet4j::ops
