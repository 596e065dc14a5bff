#pragma once
// Framework-free CUDA kernels of greedy NMS on score-sorted boxes.
//
// 1. nms_mask_kernel: for every box i and every 64-box column block, a 64-bit word whose bit b is
//    set when box (block * 64 + b) comes after i and overlaps it above the threshold (and, for
//    batched NMS, has the same class). Only the upper triangle of blocks is computed.
// 2. nms_reduce_kernel: one thread block walks the boxes in order. Each thread keeps in registers
//    the "removed" words of the column blocks it owns, so the sequential part reads only the 64
//    diagonal words of each block from memory (loaded in parallel) instead of round-tripping the
//    whole mask through the host as torchvision does.

#include <cstdint>

#include "ops/common/box_math.h"

namespace mmdet4j::ops::cuda_kernels {

constexpr int kNmsBlock = 64;  // bits per mask word

template <typename T>
__device__ __forceinline__ bool iou_above(const T* a, const T* b, double threshold) {
  // Same arithmetic as the CPU kernel: IoU in T, compared in double.
  T w = math::max_(math::min_(a[2], b[2]) - math::max_(a[0], b[0]), T(0));
  T h = math::max_(math::min_(a[3], b[3]) - math::max_(a[1], b[1]), T(0));
  T inter = w * h;
  T area_a = (a[2] - a[0]) * (a[3] - a[1]);
  T area_b = (b[2] - b[0]) * (b[3] - b[1]);
  return static_cast<double>(inter / (area_a + area_b - inter)) > threshold;
}

// grid (col_blocks, col_blocks), block kNmsBlock threads. `classes` may be null; when given,
// boxes are sorted by class first, so block pairs of disjoint class ranges are skipped.
template <typename T>
__global__ void nms_mask_kernel(int64_t n, double threshold, const T* __restrict__ boxes,
                                const int64_t* __restrict__ classes,
                                uint64_t* __restrict__ mask) {
  const int64_t row_block = blockIdx.y, col_block = blockIdx.x;
  if (row_block > col_block) return;
  const int64_t col_blocks = (n + kNmsBlock - 1) / kNmsBlock;
  const int row_size = static_cast<int>(min(n - row_block * kNmsBlock, int64_t(kNmsBlock)));
  const int col_size = static_cast<int>(min(n - col_block * kNmsBlock, int64_t(kNmsBlock)));

  __shared__ T block_boxes[kNmsBlock * 4];
  __shared__ int64_t block_classes[kNmsBlock];
  const int t = threadIdx.x;
  if (t < col_size) {
    const int64_t j = col_block * kNmsBlock + t;
#pragma unroll
    for (int k = 0; k < 4; ++k) block_boxes[t * 4 + k] = boxes[j * 4 + k];
    if (classes) block_classes[t] = classes[j];
  }
  __syncthreads();
  if (t >= row_size) return;

  const int64_t i = row_block * kNmsBlock + t;
  uint64_t bits = 0;
  const bool disjoint_classes =
      classes && classes[row_block * kNmsBlock + row_size - 1] < block_classes[0];
  if (!disjoint_classes) {
    const T* box = boxes + i * 4;
    const int64_t cls = classes ? classes[i] : 0;
    const int start = row_block == col_block ? t + 1 : 0;
    for (int b = start; b < col_size; ++b) {
      if ((!classes || block_classes[b] == cls) && iou_above(box, block_boxes + b * 4, threshold)) {
        bits |= uint64_t(1) << b;
      }
    }
  }
  mask[i * col_blocks + col_block] = bits;
}

// One block of blockDim.x threads; thread t owns column blocks t, t + blockDim.x, ... (at most
// kWordsPerThread of them). keep must be zeroed; it receives 1 for each kept box.
template <int kWordsPerThread>
__global__ void nms_reduce_kernel(int64_t n, const uint64_t* __restrict__ mask,
                                  uint8_t* __restrict__ keep) {
  const int64_t col_blocks = (n + kNmsBlock - 1) / kNmsBlock;
  uint64_t owned[kWordsPerThread];
#pragma unroll
  for (int k = 0; k < kWordsPerThread; ++k) owned[k] = 0;
  __shared__ uint64_t diagonal[kNmsBlock];
  __shared__ uint64_t current;
  const int t = threadIdx.x;

  for (int64_t block = 0; block < col_blocks; ++block) {
    if (block % blockDim.x == t) {
#pragma unroll
      for (int k = 0; k < kWordsPerThread; ++k) {
        if (k == block / blockDim.x) current = owned[k];
      }
    }
    const int rows = static_cast<int>(min(n - block * kNmsBlock, int64_t(kNmsBlock)));
    if (t < rows) diagonal[t] = mask[(block * kNmsBlock + t) * col_blocks + block];
    __syncthreads();
    uint64_t removed = current;
    for (int b = 0; b < rows; ++b) {
      if ((removed >> b) & 1) continue;
      removed |= diagonal[b];
      const int64_t i = block * kNmsBlock + b;
      if (t == 0) keep[i] = 1;
      const uint64_t* row = mask + i * col_blocks;
#pragma unroll
      for (int k = 0; k < kWordsPerThread; ++k) {
        const int64_t j = t + static_cast<int64_t>(k) * blockDim.x;
        if (j > block && j < col_blocks) owned[k] |= row[j];
      }
    }
    __syncthreads();  // diagonal and current are rewritten next round
  }
}

}  // namespace mmdet4j::ops::cuda_kernels
