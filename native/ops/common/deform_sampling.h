#pragma once
// Bilinear sampling as deformable convolution does it (torchvision's / mmcv's arithmetic), shared
// by the CPU and CUDA kernels. Unlike RoIAlign's sampling nothing is clamped: each of the four
// neighbours of a point that lies outside the map reads zero, so a point more than one pixel
// outside reads zero altogether (zero padding around the image).

#include <cmath>
#include <cstdint>

#include "ops/common/box_math.h"

namespace mmdet4j::ops::math {

// The four neighbours of a sampling point: (y_low, x_low), (y_low, x_high), (y_high, x_low),
// (y_high, x_high), as offsets into an H x W plane, -1 for a neighbour off the map; and the
// fractional parts ly, lx of the point (bilinear weights (1-ly)(1-lx), (1-ly)lx, ly(1-lx), ly lx).
template <typename T>
struct DeformSample {
  int64_t pos[4];
  T ly, lx;
};

template <typename T>
MMDET4J_HOST_DEVICE DeformSample<T> deform_sample(int64_t height, int64_t width, T y, T x) {
  DeformSample<T> s;
  if (!(y > T(-1) && y < T(height) && x > T(-1) && x < T(width))) {  // NaN lands here too
    s.pos[0] = s.pos[1] = s.pos[2] = s.pos[3] = -1;
    s.ly = s.lx = T(0);
    return s;
  }
  const T y_floor = floor(y), x_floor = floor(x);
  const int64_t y_low = static_cast<int64_t>(y_floor), x_low = static_cast<int64_t>(x_floor);
  const int64_t y_high = y_low + 1, x_high = x_low + 1;
  s.ly = y - y_floor;
  s.lx = x - x_floor;
  const bool yl = y_low >= 0, yh = y_high <= height - 1, xl = x_low >= 0, xh = x_high <= width - 1;
  s.pos[0] = yl && xl ? y_low * width + x_low : -1;
  s.pos[1] = yl && xh ? y_low * width + x_high : -1;
  s.pos[2] = yh && xl ? y_high * width + x_low : -1;
  s.pos[3] = yh && xh ? y_high * width + x_high : -1;
  return s;
}

// The bilinear weights of the four neighbours.
template <typename T>
MMDET4J_HOST_DEVICE void deform_weights(const DeformSample<T>& s, T w[4]) {
  const T hy = T(1) - s.ly, hx = T(1) - s.lx;
  w[0] = hy * hx;
  w[1] = hy * s.lx;
  w[2] = s.ly * hx;
  w[3] = s.ly * s.lx;
}

// The four neighbour values of `plane` (zero off the map).
template <typename T>
MMDET4J_HOST_DEVICE void deform_values(const T* plane, const DeformSample<T>& s, T v[4]) {
  for (int i = 0; i < 4; ++i) v[i] = s.pos[i] >= 0 ? plane[s.pos[i]] : T(0);
}

template <typename T>
MMDET4J_HOST_DEVICE T deform_interpolate(const DeformSample<T>& s, const T v[4]) {
  T w[4];
  deform_weights(s, w);
  return w[0] * v[0] + w[1] * v[1] + w[2] * v[2] + w[3] * v[3];
}

// d(interpolated value)/dy and /dx at the point, from its neighbour values.
template <typename T>
MMDET4J_HOST_DEVICE void deform_interpolate_grad(const DeformSample<T>& s, const T v[4], T& d_dy, T& d_dx) {
  const T hy = T(1) - s.ly, hx = T(1) - s.lx;
  d_dy = hx * (v[2] - v[0]) + s.lx * (v[3] - v[1]);
  d_dx = hy * (v[1] - v[0]) + s.ly * (v[3] - v[2]);
}

// The sampling point of kernel tap (i, j) for output (out_y, out_x) before its learned offset.
struct DeformGeometry {
  int64_t height, width;           // input plane
  int64_t out_h, out_w;            // output plane
  int64_t kernel_h, kernel_w;
  int64_t stride_h, stride_w, pad_h, pad_w, dil_h, dil_w;
};

}  // namespace mmdet4j::ops::math
