#pragma once
// Framework-free CUDA kernels of RoIAlign forward and backward (torchvision's arithmetic, the
// same as the CPU kernel's).

#include <cstdint>

#include "ops/common/bilinear.h"

namespace mmdet4j::ops::cuda_kernels {

template <typename T>
struct RoiAlignParams {
  int64_t channels, height, width, pooled_height, pooled_width, sampling_ratio;
  T spatial_scale;
  bool aligned;
};

// Geometry of one RoI: start corner, bin size, samples per bin side.
template <typename T>
struct RoiBins {
  int64_t batch;
  T start_h, start_w, bin_h, bin_w;
  int64_t grid_h, grid_w;
  T count;
};

template <typename T>
__device__ __forceinline__ RoiBins<T> roi_bins(const T* roi, const RoiAlignParams<T>& p) {
  RoiBins<T> r;
  r.batch = static_cast<int64_t>(roi[0]);
  const T offset = p.aligned ? T(0.5) : T(0);
  r.start_w = roi[1] * p.spatial_scale - offset;
  r.start_h = roi[2] * p.spatial_scale - offset;
  T roi_width = roi[3] * p.spatial_scale - offset - r.start_w;
  T roi_height = roi[4] * p.spatial_scale - offset - r.start_h;
  if (!p.aligned) {
    roi_width = roi_width > T(1) ? roi_width : T(1);
    roi_height = roi_height > T(1) ? roi_height : T(1);
  }
  r.bin_h = roi_height / static_cast<T>(p.pooled_height);
  r.bin_w = roi_width / static_cast<T>(p.pooled_width);
  r.grid_h = p.sampling_ratio > 0 ? p.sampling_ratio
                                  : static_cast<int64_t>(ceil(roi_height / p.pooled_height));
  r.grid_w = p.sampling_ratio > 0 ? p.sampling_ratio
                                  : static_cast<int64_t>(ceil(roi_width / p.pooled_width));
  const int64_t samples = r.grid_h * r.grid_w;
  r.count = static_cast<T>(samples > 1 ? samples : 1);
  return r;
}

// One thread per output element (n, c, ph, pw).
template <typename T>
__global__ void roi_align_forward_kernel(int64_t total, const T* __restrict__ input,
                                         const T* __restrict__ rois, RoiAlignParams<T> p,
                                         T* __restrict__ output) {
  for (int64_t index = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; index < total;
       index += int64_t(blockDim.x) * gridDim.x) {
    const int64_t pw = index % p.pooled_width;
    const int64_t ph = (index / p.pooled_width) % p.pooled_height;
    const int64_t c = (index / p.pooled_width / p.pooled_height) % p.channels;
    const int64_t n = index / p.pooled_width / p.pooled_height / p.channels;
    const RoiBins<T> r = roi_bins(rois + n * 5, p);
    const T* plane = input + (r.batch * p.channels + c) * p.height * p.width;
    T acc = 0;
    for (int64_t iy = 0; iy < r.grid_h; ++iy) {
      const T y = r.start_h + ph * r.bin_h + static_cast<T>(iy + .5f) * r.bin_h / static_cast<T>(r.grid_h);
      for (int64_t ix = 0; ix < r.grid_w; ++ix) {
        const T x = r.start_w + pw * r.bin_w + static_cast<T>(ix + .5f) * r.bin_w / static_cast<T>(r.grid_w);
        T w1, w2, w3, w4;
        int64_t p1, p2, p3, p4;
        math::bilinear_weights(p.height, p.width, y, x, w1, w2, w3, w4, p1, p2, p3, p4);
        acc += w1 * plane[p1] + w2 * plane[p2] + w3 * plane[p3] + w4 * plane[p4];
      }
    }
    output[index] = acc / r.count;
  }
}

// One thread per grad_output element; scatters into grad_input with atomicAdd.
template <typename T>
__global__ void roi_align_backward_kernel(int64_t total, const T* __restrict__ grad,
                                          const T* __restrict__ rois, RoiAlignParams<T> p,
                                          T* __restrict__ grad_input) {
  for (int64_t index = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; index < total;
       index += int64_t(blockDim.x) * gridDim.x) {
    const int64_t pw = index % p.pooled_width;
    const int64_t ph = (index / p.pooled_width) % p.pooled_height;
    const int64_t c = (index / p.pooled_width / p.pooled_height) % p.channels;
    const int64_t n = index / p.pooled_width / p.pooled_height / p.channels;
    const RoiBins<T> r = roi_bins(rois + n * 5, p);
    T* plane = grad_input + (r.batch * p.channels + c) * p.height * p.width;
    const T g = grad[index] / r.count;
    for (int64_t iy = 0; iy < r.grid_h; ++iy) {
      const T y = r.start_h + ph * r.bin_h + static_cast<T>(iy + .5f) * r.bin_h / static_cast<T>(r.grid_h);
      for (int64_t ix = 0; ix < r.grid_w; ++ix) {
        const T x = r.start_w + pw * r.bin_w + static_cast<T>(ix + .5f) * r.bin_w / static_cast<T>(r.grid_w);
        T w1, w2, w3, w4;
        int64_t p1, p2, p3, p4;
        math::bilinear_weights(p.height, p.width, y, x, w1, w2, w3, w4, p1, p2, p3, p4);
        if (w1 == 0 && w2 == 0 && w3 == 0 && w4 == 0) continue;
        atomicAdd(plane + p1, g * w1);
        atomicAdd(plane + p2, g * w2);
        atomicAdd(plane + p3, g * w3);
        atomicAdd(plane + p4, g * w4);
      }
    }
  }
}

}  // namespace mmdet4j::ops::cuda_kernels
