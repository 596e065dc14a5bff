#pragma once
// The receptive field of one masked output position for masked_conv2d, shared by the CPU and
// CUDA kernels: element (c, i, j) of the kernel window of output (y, x), zero in the padding.

#include <cstdint>

#include "ops/common/box_math.h"

namespace mmdet4j::ops::math {

struct MaskedIm2colGeometry {
  int64_t channels, height, width, kernel_h, kernel_w, pad_h, pad_w, stride_h, stride_w;
};

// Row `row` (c * kh * kw + i * kw + j) of the columns at output (image, y, x).
template <typename T>
MMDET4J_HOST_DEVICE T masked_im2col_value(const MaskedIm2colGeometry& g, const T* input, int64_t row, int64_t image,
                                          int64_t y, int64_t x) {
  const int64_t kk = g.kernel_h * g.kernel_w, c = row / kk, i = (row % kk) / g.kernel_w, j = row % g.kernel_w;
  const int64_t iy = y * g.stride_h - g.pad_h + i, ix = x * g.stride_w - g.pad_w + j;
  if (iy < 0 || iy >= g.height || ix < 0 || ix >= g.width) return T(0);
  return input[((image * g.channels + c) * g.height + iy) * g.width + ix];
}

}  // namespace mmdet4j::ops::math
