#pragma once
// Framework-free CUDA kernels of RoI max pooling (torchvision's arithmetic, as the CPU kernel).

#include <cfloat>
#include <cstdint>

namespace mmdet4j::ops::cuda_kernels {

template <typename T>
__global__ void roi_pool_forward_kernel(int64_t total, const T* __restrict__ input,
                                        const T* __restrict__ rois, T spatial_scale,
                                        int64_t channels, int64_t height, int64_t width,
                                        int64_t pooled_height, int64_t pooled_width,
                                        T* __restrict__ output, int64_t* __restrict__ argmax) {
  for (int64_t index = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; index < total;
       index += int64_t(blockDim.x) * gridDim.x) {
    const int64_t pw = index % pooled_width;
    const int64_t ph = (index / pooled_width) % pooled_height;
    const int64_t c = (index / pooled_width / pooled_height) % channels;
    const int64_t n = index / pooled_width / pooled_height / channels;
    const T* roi = rois + n * 5;
    const int64_t batch = static_cast<int64_t>(roi[0]);
    const int64_t start_w = llround(roi[1] * spatial_scale);
    const int64_t start_h = llround(roi[2] * spatial_scale);
    const int64_t end_w = llround(roi[3] * spatial_scale);
    const int64_t end_h = llround(roi[4] * spatial_scale);
    const int64_t roi_w = max(end_w - start_w + 1, int64_t(1));
    const int64_t roi_h = max(end_h - start_h + 1, int64_t(1));
    const T bin_h = static_cast<T>(roi_h) / static_cast<T>(pooled_height);
    const T bin_w = static_cast<T>(roi_w) / static_cast<T>(pooled_width);
    int64_t hstart = static_cast<int64_t>(floor(static_cast<T>(ph) * bin_h));
    int64_t wstart = static_cast<int64_t>(floor(static_cast<T>(pw) * bin_w));
    int64_t hend = static_cast<int64_t>(ceil(static_cast<T>(ph + 1) * bin_h));
    int64_t wend = static_cast<int64_t>(ceil(static_cast<T>(pw + 1) * bin_w));
    hstart = min(max(hstart + start_h, int64_t(0)), height);
    hend = min(max(hend + start_h, int64_t(0)), height);
    wstart = min(max(wstart + start_w, int64_t(0)), width);
    wend = min(max(wend + start_w, int64_t(0)), width);
    const bool empty = hend <= hstart || wend <= wstart;
    T best = empty ? T(0) : T(-FLT_MAX);
    int64_t best_index = -1;
    const T* plane = input + (batch * channels + c) * height * width;
    for (int64_t h = hstart; h < hend; ++h) {
      for (int64_t w = wstart; w < wend; ++w) {
        const int64_t i = h * width + w;
        if (plane[i] > best) {
          best = plane[i];
          best_index = i;
        }
      }
    }
    output[index] = best;
    argmax[index] = best_index;
  }
}

template <typename T>
__global__ void roi_pool_backward_kernel(int64_t total, const T* __restrict__ grad,
                                         const int64_t* __restrict__ argmax,
                                         const T* __restrict__ rois, int64_t channels,
                                         int64_t height, int64_t width, int64_t bins,
                                         T* __restrict__ grad_input) {
  for (int64_t index = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; index < total;
       index += int64_t(blockDim.x) * gridDim.x) {
    const int64_t a = argmax[index];
    if (a < 0 || a >= height * width) continue;
    const int64_t c = (index / bins) % channels;
    const int64_t n = index / bins / channels;
    const int64_t batch = static_cast<int64_t>(rois[n * 5]);
    atomicAdd(grad_input + (batch * channels + c) * height * width + a, grad[index]);
  }
}

}  // namespace mmdet4j::ops::cuda_kernels
