#pragma once
// mmdet4j::roi_align — RoIAlign (He et al. 2017) with torchvision's/mmcv's semantics:
// rois are (batch_index, x1, y1, x2, y2) in image coordinates, scaled by spatial_scale;
// aligned=True shifts them by -0.5 pixel (the v2 default in mmdetection, "aligned=True");
// sampling_ratio 0 means adaptive, ceil(roi_size / pooled_size) samples per bin side.
// Differentiable with respect to `input` (autograd/roi_align_autograd.cpp).

#include <ATen/ATen.h>

namespace mmdet4j::ops {

at::Tensor roi_align(const at::Tensor& input, const at::Tensor& rois, double spatial_scale,
                     int64_t pooled_height, int64_t pooled_width, int64_t sampling_ratio,
                     bool aligned);

at::Tensor roi_align_backward(const at::Tensor& grad, const at::Tensor& rois,
                              double spatial_scale, int64_t pooled_height, int64_t pooled_width,
                              int64_t batch_size, int64_t channels, int64_t height, int64_t width,
                              int64_t sampling_ratio, bool aligned);

namespace detail {
void check_roi_align_args(const at::Tensor& input, const at::Tensor& rois, double spatial_scale,
                          int64_t pooled_height, int64_t pooled_width, int64_t sampling_ratio);
void check_roi_align_backward_args(const at::Tensor& grad, const at::Tensor& rois,
                                   int64_t pooled_height, int64_t pooled_width,
                                   int64_t batch_size, int64_t channels, int64_t height,
                                   int64_t width, int64_t sampling_ratio);
}  // namespace detail

}  // namespace mmdet4j::ops
