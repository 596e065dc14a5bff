#pragma once
// Framework-free CUDA kernel of Soft-NMS: one thread block runs the rounds; in each round the
// threads find the best remaining box (highest score, then lowest index) by a block reduction and
// decay the others in parallel. Same selection rule and arithmetic as the CPU kernel.

#include <cstdint>

#include "ops/common/box_math.h"

namespace mmdet4j::ops::cuda_kernels {

constexpr int kSoftNmsThreads = 512;

// score: working copy, decayed in place; alive: 1 for candidates (all 1 at start).
// Writes the kept indices and their scores at selection; *count receives their number.
template <typename T>
__global__ void soft_nms_kernel(int64_t n, const T* __restrict__ boxes, T* __restrict__ score,
                                uint8_t* __restrict__ alive, double iou_threshold, double sigma,
                                double min_score, int method, int64_t* __restrict__ keep,
                                T* __restrict__ kept_scores, int64_t* __restrict__ count) {
  __shared__ T best_score[kSoftNmsThreads];
  __shared__ int64_t best_index[kSoftNmsThreads];
  const int t = threadIdx.x;
  int64_t kept = 0;
  while (true) {
    T s = 0;
    int64_t idx = -1;
    for (int64_t j = t; j < n; j += blockDim.x) {
      if (alive[j] && (idx < 0 || score[j] > s)) {  // j increases: ties keep the lower index
        s = score[j];
        idx = j;
      }
    }
    best_score[t] = s;
    best_index[t] = idx;
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride /= 2) {
      if (t < stride) {
        const int64_t other = best_index[t + stride];
        const int64_t mine = best_index[t];
        if (other >= 0 && (mine < 0 || best_score[t + stride] > best_score[t] ||
                           (best_score[t + stride] == best_score[t] && other < mine))) {
          best_score[t] = best_score[t + stride];
          best_index[t] = other;
        }
      }
      __syncthreads();
    }
    const int64_t i = best_index[0];
    if (i < 0) break;
    if (t == 0) {
      keep[kept] = i;
      kept_scores[kept] = score[i];
      alive[i] = 0;
    }
    ++kept;
    __syncthreads();
    const T* a = boxes + i * 4;
    const T area_a = (a[2] - a[0]) * (a[3] - a[1]);
    for (int64_t j = t; j < n; j += blockDim.x) {
      if (!alive[j]) continue;
      const T* b = boxes + j * 4;
      T w = math::max_(math::min_(a[2], b[2]) - math::max_(a[0], b[0]), T(0));
      T h = math::max_(math::min_(a[3], b[3]) - math::max_(a[1], b[1]), T(0));
      T inter = w * h;
      T iou = inter / (area_a + (b[2] - b[0]) * (b[3] - b[1]) - inter);
      T weight = 1;
      if (method == 1) {
        if (iou > iou_threshold) weight = 1 - iou;
      } else if (method == 2) {
        weight = exp(-(iou * iou) / static_cast<T>(sigma));
      } else if (iou > iou_threshold) {
        weight = 0;
      }
      score[j] *= weight;
      if (score[j] < min_score) alive[j] = 0;
    }
    __syncthreads();
  }
  if (t == 0) *count = kept;
}

}  // namespace mmdet4j::ops::cuda_kernels
