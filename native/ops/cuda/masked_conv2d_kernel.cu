// CUDA kernel of mmdet4j::masked_conv2d: the masked positions' receptive fields gathered into
// columns (a thread per element), then one GEMM (ops/masked_conv2d.cpp).

#include <torch/library.h>

#include "ops/common/masked_im2col.h"
#include "ops/common/reduced_precision.h"
#include "ops/cuda/launch.cuh"
#include "ops/masked_conv2d.h"

namespace mmdet4j::ops::cuda {
namespace {

template <typename T>
__global__ void masked_im2col_kernel(int64_t total, int64_t count, math::MaskedIm2colGeometry g, const T* input,
                                     const int64_t* where, T* columns) {
  for (int64_t index = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; index < total;
       index += static_cast<int64_t>(blockDim.x) * gridDim.x) {
    const int64_t r = index / count, m = index % count;
    const int64_t* p = where + 3 * m;
    columns[index] = math::masked_im2col_value(g, input, r, p[0], p[1], p[2]);
  }
}

at::Tensor masked_conv2d_cuda(const at::Tensor& input, const at::Tensor& mask, const at::Tensor& weight,
                              const std::optional<at::Tensor>& bias, at::IntArrayRef padding, at::IntArrayRef stride) {
  const auto s = detail::check_masked_conv2d_args(input, mask, weight, bias, padding, stride);
  if (detail::is_reduced_float(input)) {
    using detail::to_compute_dtype;
    return masked_conv2d_cuda(to_compute_dtype(input), mask, to_compute_dtype(weight), to_compute_dtype(bias),
                              padding, stride)
        .to(input.scalar_type());
  }
  c10::cuda::CUDAGuard guard(input.device());
  const auto where = detail::masked_positions(mask);
  const int64_t count = where.size(0), rows = s.channels * s.kernel_h * s.kernel_w;
  auto columns = at::empty({rows, count}, input.options());
  if (columns.numel() > 0) {
    const auto in = input.contiguous();
    const auto g = detail::im2col_geometry(s);
    AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "masked_conv2d_cuda", [&] {
      masked_im2col_kernel<scalar_t><<<blocks_for(columns.numel()), kThreads, 0, current_stream()>>>(
          columns.numel(), count, g, in.data_ptr<scalar_t>(), where.data_ptr<int64_t>(),
          columns.data_ptr<scalar_t>());
      C10_CUDA_KERNEL_LAUNCH_CHECK();
    });
  }
  return detail::masked_conv2d_from_columns(s, columns, where, weight, bias, input.options());
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CUDA, m) { m.impl("masked_conv2d", TORCH_FN(masked_conv2d_cuda)); }

}  // namespace mmdet4j::ops::cuda
