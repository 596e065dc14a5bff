#include "ops/roi_pool.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include "ops/common/checks.h"

namespace mmdet4j::ops {

std::tuple<at::Tensor, at::Tensor> roi_pool(const at::Tensor& input, const at::Tensor& rois,
                                            double spatial_scale, int64_t pooled_height,
                                            int64_t pooled_width) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::roi_pool", "")
                       .typed<decltype(roi_pool)>();
  return op.call(input, rois, spatial_scale, pooled_height, pooled_width);
}

at::Tensor roi_pool_backward(const at::Tensor& grad, const at::Tensor& rois,
                             const at::Tensor& argmax, double spatial_scale,
                             int64_t pooled_height, int64_t pooled_width, int64_t batch_size,
                             int64_t channels, int64_t height, int64_t width) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::_roi_pool_backward", "")
                       .typed<decltype(roi_pool_backward)>();
  return op.call(grad, rois, argmax, spatial_scale, pooled_height, pooled_width, batch_size,
                 channels, height, width);
}

namespace detail {

void check_roi_pool_args(const at::Tensor& input, const at::Tensor& rois, double spatial_scale,
                         int64_t pooled_height, int64_t pooled_width) {
  TORCH_CHECK(input.dim() == 4, "roi_pool: input must be (N, C, H, W), got shape ",
              input.sizes());
  TORCH_CHECK(input.is_floating_point(), "roi_pool: input must be floating point, got ",
              input.scalar_type());
  check_same_device(input, rois, "roi_pool");
  TORCH_CHECK(rois.scalar_type() == input.scalar_type(),
              "roi_pool: rois and input must have the same dtype, got ", rois.scalar_type(),
              " and ", input.scalar_type());
  TORCH_CHECK(pooled_height > 0 && pooled_width > 0,
              "roi_pool: output size must be positive, got ", pooled_height, "x", pooled_width);
  TORCH_CHECK(std::isfinite(spatial_scale) && spatial_scale > 0,
              "roi_pool: spatial_scale must be positive, got ", spatial_scale);
  check_rois(rois, input.size(0), "roi_pool");
}

void check_roi_pool_backward_args(const at::Tensor& grad, const at::Tensor& rois,
                                  const at::Tensor& argmax, int64_t batch_size,
                                  int64_t channels) {
  check_same_device(grad, rois, "roi_pool_backward");
  check_same_device(grad, argmax, "roi_pool_backward");
  TORCH_CHECK(argmax.scalar_type() == at::kLong, "roi_pool_backward: argmax must be int64");
  TORCH_CHECK(grad.sizes() == argmax.sizes() && grad.dim() == 4 && grad.size(0) == rois.size(0) &&
                  grad.size(1) == channels,
              "roi_pool_backward: grad ", grad.sizes(), " and argmax ", argmax.sizes(),
              " must both be (", rois.size(0), ", ", channels, ", PH, PW)");
  check_rois(rois, batch_size, "roi_pool_backward");
}

}  // namespace detail

TORCH_LIBRARY_FRAGMENT(mmdet4j, m) {
  m.def(
      "roi_pool(Tensor input, Tensor rois, float spatial_scale, int pooled_height, "
      "int pooled_width) -> (Tensor, Tensor)");
  m.def(
      "_roi_pool_backward(Tensor grad, Tensor rois, Tensor argmax, float spatial_scale, "
      "int pooled_height, int pooled_width, int batch_size, int channels, int height, "
      "int width) -> Tensor");
}

}  // namespace mmdet4j::ops
