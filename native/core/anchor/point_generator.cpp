#include "core/anchor/point_generator.h"

namespace mmdet4j::core {

at::Tensor grid_points(int64_t height, int64_t width, int64_t stride, const at::TensorOptions& options,
                       double offset) {
  TORCH_CHECK(height >= 0 && width >= 0 && stride > 0, "grid_points: need a non-negative size and a positive stride, got ",
              height, "x", width, " at stride ", stride);
  auto xs = (at::arange(width, options) + offset) * stride;
  auto ys = (at::arange(height, options) + offset) * stride;
  return at::stack({xs.repeat({height}), ys.view({-1, 1}).repeat({1, width}).view({-1})}, 1);
}

}  // namespace mmdet4j::core
