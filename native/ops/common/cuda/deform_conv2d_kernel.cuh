#pragma once
// Framework-free CUDA kernels of deformable convolution for one image (the same sampling as the
// CPU kernels, ops/common/deform_sampling.h): the columns, the input gradient scattered from the
// columns' gradients, and the offset and mask gradients.

#include <cstdint>

#include "ops/common/deform_sampling.h"

namespace mmdet4j::ops::cuda_kernels {

struct DeformConvParams {
  int64_t channels, height, width, out_h, out_w;
  int64_t kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w;
  int64_t deform_groups;
};

// The sampling point of tap t (deform group * kh * kw + k) at output position p, and its mask.
template <typename T>
__device__ __forceinline__ math::DeformSample<T> tap_sample(const DeformConvParams& q, const T* offset,
                                                            const T* mask, int64_t t, int64_t p, T& m) {
  const int64_t kk = q.kernel_h * q.kernel_w, plane = q.out_h * q.out_w;
  const int64_t k = t % kk, i = k / q.kernel_w, j = k % q.kernel_w;
  const int64_t oy = p / q.out_w, ox = p % q.out_w;
  const T y = static_cast<T>(oy * q.stride_h - q.pad_h + i * q.dil_h) + offset[2 * t * plane + p];
  const T x = static_cast<T>(ox * q.stride_w - q.pad_w + j * q.dil_w) + offset[(2 * t + 1) * plane + p];
  m = mask ? mask[t * plane + p] : T(1);
  return math::deform_sample(q.height, q.width, y, x);
}

// The sample behind element `index` of the columns (C * kh * kw, H_out * W_out): its channel `c`
// and mask `m`.
template <typename T>
__device__ __forceinline__ math::DeformSample<T> column_sample(const DeformConvParams& q, const T* offset,
                                                               const T* mask, int64_t index, int64_t& c, T& m) {
  const int64_t kk = q.kernel_h * q.kernel_w, plane = q.out_h * q.out_w;
  const int64_t p = index % plane, row = index / plane, k = row % kk;
  c = row / kk;
  return tap_sample(q, offset, mask, (c / (q.channels / q.deform_groups)) * kk + k, p, m);
}

// columns (C * kh * kw, H_out * W_out): one thread per element.
template <typename T>
__global__ void deform_im2col_kernel(DeformConvParams q, const T* image, const T* offset, const T* mask,
                                     T* columns) {
  const int64_t total = q.channels * q.kernel_h * q.kernel_w * q.out_h * q.out_w;
  for (int64_t index = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; index < total;
       index += static_cast<int64_t>(blockDim.x) * gridDim.x) {
    int64_t c;
    T m, v[4];
    const auto s = column_sample(q, offset, mask, index, c, m);
    math::deform_values(image + c * q.height * q.width, s, v);
    columns[index] = m * math::deform_interpolate(s, v);
  }
}

// grad_image (C, H, W) += the columns' gradients through the bilinear weights (atomic: samples of
// different taps share pixels).
template <typename T>
__global__ void deform_col2im_kernel(DeformConvParams q, const T* offset, const T* mask, const T* grad_columns,
                                     T* grad_image) {
  const int64_t total = q.channels * q.kernel_h * q.kernel_w * q.out_h * q.out_w;
  for (int64_t index = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; index < total;
       index += static_cast<int64_t>(blockDim.x) * gridDim.x) {
    int64_t c;
    T m, w[4];
    const auto s = column_sample(q, offset, mask, index, c, m);
    math::deform_weights(s, w);
    const T g = grad_columns[index] * m;
    T* g_in = grad_image + c * q.height * q.width;
    for (int n = 0; n < 4; ++n) {
      if (s.pos[n] >= 0) atomicAdd(g_in + s.pos[n], w[n] * g);
    }
  }
}

// grad_offset (2 * taps, H_out * W_out) and grad_mask (taps, H_out * W_out, or null): one thread
// per tap and position, summing over the channels of the tap's deform group.
template <typename T>
__global__ void deform_offset_mask_grad_kernel(DeformConvParams q, const T* image, const T* offset, const T* mask,
                                               const T* grad_columns, T* grad_offset, T* grad_mask) {
  const int64_t kk = q.kernel_h * q.kernel_w, plane = q.out_h * q.out_w;
  const int64_t total = q.deform_groups * kk * plane, per_group = q.channels / q.deform_groups;
  for (int64_t index = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; index < total;
       index += static_cast<int64_t>(blockDim.x) * gridDim.x) {
    const int64_t p = index % plane, t = index / plane, g = t / kk, k = t % kk;
    T m;
    const auto s = tap_sample(q, offset, mask, t, p, m);
    T sum_dy = 0, sum_dx = 0, sum_m = 0;
    for (int64_t c = g * per_group; c < (g + 1) * per_group; ++c) {
      T v[4], d_dy, d_dx;
      math::deform_values(image + c * q.height * q.width, s, v);
      math::deform_interpolate_grad(s, v, d_dy, d_dx);
      const T gc = grad_columns[(c * kk + k) * plane + p];
      sum_dy += gc * d_dy;
      sum_dx += gc * d_dx;
      if (grad_mask) sum_m += gc * math::deform_interpolate(s, v);
    }
    grad_offset[2 * t * plane + p] = sum_dy * m;
    grad_offset[(2 * t + 1) * plane + p] = sum_dx * m;
    if (grad_mask) grad_mask[t * plane + p] = sum_m;
  }
}

}  // namespace mmdet4j::ops::cuda_kernels
