#pragma once
// mmdet4j::roi_pool — RoI max pooling (Fast R-CNN) with torchvision's semantics: RoI corners are
// rounded to the feature grid, bins are [floor(i * bin), ceil((i + 1) * bin)), empty bins give 0
// and argmax -1. Returns (output, argmax); differentiable with respect to `input`.

#include <ATen/ATen.h>

#include <tuple>

namespace mmdet4j::ops {

std::tuple<at::Tensor, at::Tensor> roi_pool(const at::Tensor& input, const at::Tensor& rois,
                                            double spatial_scale, int64_t pooled_height,
                                            int64_t pooled_width);

at::Tensor roi_pool_backward(const at::Tensor& grad, const at::Tensor& rois,
                             const at::Tensor& argmax, double spatial_scale,
                             int64_t pooled_height, int64_t pooled_width, int64_t batch_size,
                             int64_t channels, int64_t height, int64_t width);

namespace detail {
void check_roi_pool_args(const at::Tensor& input, const at::Tensor& rois, double spatial_scale,
                         int64_t pooled_height, int64_t pooled_width);
void check_roi_pool_backward_args(const at::Tensor& grad, const at::Tensor& rois,
                                  const at::Tensor& argmax, int64_t batch_size, int64_t channels);
}  // namespace detail

}  // namespace mmdet4j::ops
