#pragma once
// Launcher helpers shared by the CUDA ops: device guard, current stream, grid sizing.

#include <ATen/ATen.h>
#include <c10/cuda/CUDAException.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include <algorithm>

namespace mmdet4j::ops::cuda {

constexpr int kThreads = 256;

// Blocks for a grid-stride loop over `total` elements (capped: the loop covers the rest).
inline unsigned int blocks_for(int64_t total) {
  return static_cast<unsigned int>(
      std::clamp<int64_t>((total + kThreads - 1) / kThreads, 1, int64_t(1) << 16));
}

inline cudaStream_t current_stream() { return c10::cuda::getCurrentCUDAStream().stream(); }

}  // namespace mmdet4j::ops::cuda
