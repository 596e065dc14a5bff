#pragma once
// Bilinear sampling as RoIAlign does it (torchvision's / mmcv's arithmetic), shared by the CPU
// and CUDA kernels: points up to one pixel outside the map are clamped to its border, points
// further out contribute nothing.

#include <cstdint>

#include "ops/common/box_math.h"

namespace mmdet4j::ops::math {

// Bilinear neighbours and weights of (y, x); all weights 0 when the point is off the map.
template <typename T>
MMDET4J_HOST_DEVICE void bilinear_weights(int64_t height, int64_t width, T y, T x, T& w1,
                                                 T& w2, T& w3, T& w4, int64_t& p1, int64_t& p2,
                                                 int64_t& p3, int64_t& p4) {
  if (y < -1.0 || y > height || x < -1.0 || x > width) {
    w1 = w2 = w3 = w4 = 0;
    p1 = p2 = p3 = p4 = 0;
    return;
  }
  if (y <= 0) y = 0;
  if (x <= 0) x = 0;
  int64_t y_low = static_cast<int64_t>(y), x_low = static_cast<int64_t>(x), y_high, x_high;
  if (y_low >= height - 1) {
    y_high = y_low = height - 1;
    y = static_cast<T>(y_low);
  } else {
    y_high = y_low + 1;
  }
  if (x_low >= width - 1) {
    x_high = x_low = width - 1;
    x = static_cast<T>(x_low);
  } else {
    x_high = x_low + 1;
  }
  const T ly = y - y_low, lx = x - x_low, hy = 1 - ly, hx = 1 - lx;
  w1 = hy * hx;
  w2 = hy * lx;
  w3 = ly * hx;
  w4 = ly * lx;
  p1 = y_low * width + x_low;
  p2 = y_low * width + x_high;
  p3 = y_high * width + x_low;
  p4 = y_high * width + x_high;
}

}  // namespace mmdet4j::ops::math
