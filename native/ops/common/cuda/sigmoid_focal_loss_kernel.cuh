#pragma once
// Framework-free CUDA kernels of the fused sigmoid focal loss, forward and backward: one thread
// per (sample, class) element. weight (N, C, may be a broadcast view with row stride 0 handled
// by the launcher) and grad may be null.

#include <cstdint>

#include "ops/common/focal_loss_math.h"

namespace mmdet4j::ops::cuda_kernels {

template <typename T, bool kBackward>
__global__ void sigmoid_focal_loss_kernel(int64_t total, int64_t num_classes,
                                          const T* __restrict__ logits,
                                          const int64_t* __restrict__ targets,
                                          const T* __restrict__ weight,
                                          const T* __restrict__ grad, T gamma, T alpha,
                                          T* __restrict__ out) {
  for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < total;
       k += int64_t(blockDim.x) * gridDim.x) {
    const int64_t i = k / num_classes;
    const bool positive = targets[i] == k - i * num_classes;
    T v = kBackward ? math::focal_loss_grad(logits[k], positive, gamma, alpha)
                    : math::focal_loss(logits[k], positive, gamma, alpha);
    if (weight) v *= weight[k];
    if (grad) v *= grad[k];
    out[k] = v;
  }
}

}  // namespace mmdet4j::ops::cuda_kernels
