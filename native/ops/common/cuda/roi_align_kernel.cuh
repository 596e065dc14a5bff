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

// Visits the bilinear samples of output element `index` (n, c, ph, pw): calls
// visit(plane_offset, count, w1..w4, p1..p4) for each sample, plane_offset being the start of the
// (batch, channel) plane the RoI reads. Shared by the forward and backward kernels.
template <typename T, typename Visit>
__device__ __forceinline__ void for_each_sample(int64_t index, const T* rois, const RoiAlignParams<T>& p,
                                                Visit&& visit) {
  const int64_t pw = index % p.pooled_width;
  const int64_t ph = (index / p.pooled_width) % p.pooled_height;
  const int64_t c = (index / p.pooled_width / p.pooled_height) % p.channels;
  const int64_t n = index / p.pooled_width / p.pooled_height / p.channels;
  const RoiBins<T> r = roi_bins(rois + n * 5, p);
  const int64_t plane = (r.batch * p.channels + c) * p.height * p.width;
  for (int64_t iy = 0; iy < r.grid_h; ++iy) {
    const T y = r.start_h + ph * r.bin_h + static_cast<T>(iy + .5f) * r.bin_h / static_cast<T>(r.grid_h);
    for (int64_t ix = 0; ix < r.grid_w; ++ix) {
      const T x = r.start_w + pw * r.bin_w + static_cast<T>(ix + .5f) * r.bin_w / static_cast<T>(r.grid_w);
      T w1, w2, w3, w4;
      int64_t p1, p2, p3, p4;
      math::bilinear_weights(p.height, p.width, y, x, w1, w2, w3, w4, p1, p2, p3, p4);
      visit(plane, r.count, w1, w2, w3, w4, p1, p2, p3, p4);
    }
  }
}

// One thread per output element (n, c, ph, pw): the average of its samples.
template <typename T>
__global__ void roi_align_forward_kernel(int64_t total, const T* __restrict__ input,
                                         const T* __restrict__ rois, RoiAlignParams<T> p,
                                         T* __restrict__ output) {
  for (int64_t index = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; index < total;
       index += int64_t(blockDim.x) * gridDim.x) {
    T acc = 0, count = 1;
    for_each_sample(index, rois, p, [&](int64_t plane, T n, T w1, T w2, T w3, T w4, int64_t p1, int64_t p2,
                                        int64_t p3, int64_t p4) {
      const T* in = input + plane;
      acc += w1 * in[p1] + w2 * in[p2] + w3 * in[p3] + w4 * in[p4];
      count = n;
    });
    output[index] = acc / count;
  }
}

// One thread per grad_output element; scatters into grad_input with atomicAdd.
template <typename T>
__global__ void roi_align_backward_kernel(int64_t total, const T* __restrict__ grad,
                                          const T* __restrict__ rois, RoiAlignParams<T> p,
                                          T* __restrict__ grad_input) {
  for (int64_t index = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; index < total;
       index += int64_t(blockDim.x) * gridDim.x) {
    const T g = grad[index];
    for_each_sample(index, rois, p, [&](int64_t plane, T count, T w1, T w2, T w3, T w4, int64_t p1, int64_t p2,
                                        int64_t p3, int64_t p4) {
      if (w1 == 0 && w2 == 0 && w3 == 0 && w4 == 0) return;
      T* out = grad_input + plane;
      const T v = g / count;
      atomicAdd(out + p1, v * w1);
      atomicAdd(out + p2, v * w2);
      atomicAdd(out + p3, v * w3);
      atomicAdd(out + p4, v * w4);
    });
  }
}

}  // namespace mmdet4j::ops::cuda_kernels
