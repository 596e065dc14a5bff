#pragma once
// Framework-free CUDA kernel of mmdetection v2's bbox_overlaps: one thread per output element.

#include <cstdint>

#include "ops/common/box_math.h"

namespace mmdet4j::ops::cuda_kernels {

template <typename T>
__global__ void bbox_overlaps_kernel(int64_t n, int64_t m, bool aligned, int mode, T eps,
                                     const T* __restrict__ a, const T* __restrict__ b,
                                     T* __restrict__ out) {
  const int64_t total = aligned ? n : n * m;
  for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < total;
       k += int64_t(blockDim.x) * gridDim.x) {
    const int64_t i = aligned ? k : k / m;
    const int64_t j = aligned ? k : k % m;
    out[k] = math::box_overlap(a + 4 * i, b + 4 * j, mode, eps);
  }
}

}  // namespace mmdet4j::ops::cuda_kernels
