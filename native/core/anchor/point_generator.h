#pragma once
// mmdetection v2's MlvlPointGenerator for anchor-free heads: one point per feature-map cell, at
// ((x + offset) * stride, (y + offset) * stride) in the input's pixels. With the default offset
// 0.5 a point sits at the centre of its cell (FCOS's x * stride + stride // 2 for even strides).

#include <ATen/ATen.h>

namespace mmdet4j::core {

// The (h * w, 2) points (x, y) of one level, row by row (x fastest), matching a score map
// (N, C, h, w) flattened as permute(0, 2, 3, 1).
at::Tensor grid_points(int64_t height, int64_t width, int64_t stride, const at::TensorOptions& options,
                       double offset = 0.5);

}  // namespace mmdet4j::core
