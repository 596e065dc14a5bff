#include "ops/roi_align.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include "ops/common/checks.h"

namespace mmdet4j::ops {

at::Tensor roi_align(const at::Tensor& input, const at::Tensor& rois, double spatial_scale,
                     int64_t pooled_height, int64_t pooled_width, int64_t sampling_ratio,
                     bool aligned) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::roi_align", "")
                       .typed<decltype(roi_align)>();
  return op.call(input, rois, spatial_scale, pooled_height, pooled_width, sampling_ratio,
                 aligned);
}

at::Tensor roi_align_backward(const at::Tensor& grad, const at::Tensor& rois,
                              double spatial_scale, int64_t pooled_height, int64_t pooled_width,
                              int64_t batch_size, int64_t channels, int64_t height, int64_t width,
                              int64_t sampling_ratio, bool aligned) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::_roi_align_backward", "")
                       .typed<decltype(roi_align_backward)>();
  return op.call(grad, rois, spatial_scale, pooled_height, pooled_width, batch_size, channels,
                 height, width, sampling_ratio, aligned);
}

namespace detail {

void check_roi_align_args(const at::Tensor& input, const at::Tensor& rois, double spatial_scale,
                          int64_t pooled_height, int64_t pooled_width, int64_t sampling_ratio) {
  TORCH_CHECK(input.dim() == 4, "roi_align: input must be (N, C, H, W), got shape ",
              input.sizes());
  TORCH_CHECK(input.is_floating_point(), "roi_align: input must be floating point, got ",
              input.scalar_type());
  check_same_device(input, rois, "roi_align");
  TORCH_CHECK(rois.scalar_type() == input.scalar_type(),
              "roi_align: rois and input must have the same dtype, got ", rois.scalar_type(),
              " and ", input.scalar_type());
  TORCH_CHECK(pooled_height > 0 && pooled_width > 0,
              "roi_align: output size must be positive, got ", pooled_height, "x", pooled_width);
  TORCH_CHECK(sampling_ratio >= 0, "roi_align: sampling_ratio must be >= 0, got ",
              sampling_ratio);
  TORCH_CHECK(std::isfinite(spatial_scale) && spatial_scale > 0,
              "roi_align: spatial_scale must be positive, got ", spatial_scale);
  check_rois(rois, input.size(0), "roi_align");
}

void check_roi_align_backward_args(const at::Tensor& grad, const at::Tensor& rois,
                                   int64_t pooled_height, int64_t pooled_width,
                                   int64_t batch_size, int64_t channels, int64_t height,
                                   int64_t width, int64_t sampling_ratio) {
  check_same_device(grad, rois, "roi_align_backward");
  TORCH_CHECK(grad.dim() == 4 && grad.size(0) == rois.size(0) && grad.size(1) == channels &&
                  grad.size(2) == pooled_height && grad.size(3) == pooled_width,
              "roi_align_backward: grad must be (", rois.size(0), ", ", channels, ", ",
              pooled_height, ", ", pooled_width, "), got ", grad.sizes());
  TORCH_CHECK(batch_size >= 0 && height >= 0 && width >= 0 && sampling_ratio >= 0,
              "roi_align_backward: negative size");
  check_rois(rois, batch_size, "roi_align_backward");
}

}  // namespace detail

TORCH_LIBRARY_FRAGMENT(mmdet4j, m) {
  m.def(
      "roi_align(Tensor input, Tensor rois, float spatial_scale, int pooled_height, "
      "int pooled_width, int sampling_ratio, bool aligned) -> Tensor");
  m.def(
      "_roi_align_backward(Tensor grad, Tensor rois, float spatial_scale, int pooled_height, "
      "int pooled_width, int batch_size, int channels, int height, int width, "
      "int sampling_ratio, bool aligned) -> Tensor");
}

}  // namespace mmdet4j::ops
