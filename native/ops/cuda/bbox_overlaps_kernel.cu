// CUDA kernel of mmdet4j::bbox_overlaps.

#include <torch/library.h>

#include "ops/bbox_overlaps.h"
#include "ops/common/cuda/bbox_overlaps_kernel.cuh"
#include "ops/common/reduced_precision.h"
#include "ops/cuda/launch.cuh"

namespace mmdet4j::ops::cuda {
namespace {

at::Tensor bbox_overlaps_cuda(const at::Tensor& bboxes1, const at::Tensor& bboxes2,
                              c10::string_view mode_name, bool is_aligned, double eps) {
  detail::check_bbox_overlaps_args(bboxes1, bboxes2, is_aligned, eps);
  if (detail::is_reduced_float(bboxes1)) {
    return bbox_overlaps_cuda(detail::to_compute_dtype(bboxes1), detail::to_compute_dtype(bboxes2), mode_name,
                              is_aligned, eps)
        .to(bboxes1.scalar_type());
  }
  const int mode = static_cast<int>(
      parse_overlap_mode(std::string_view(mode_name.data(), mode_name.size())));
  c10::cuda::CUDAGuard guard(bboxes1.device());
  const int64_t n = bboxes1.size(0), m = bboxes2.size(0);
  auto out = is_aligned ? at::empty({n}, bboxes1.options()) : at::empty({n, m}, bboxes1.options());
  if (out.numel() == 0) return out;
  auto a = bboxes1.contiguous(), b = bboxes2.contiguous();
  AT_DISPATCH_FLOATING_TYPES(a.scalar_type(), "bbox_overlaps_cuda", [&] {
    cuda_kernels::bbox_overlaps_kernel<scalar_t>
        <<<blocks_for(out.numel()), kThreads, 0, current_stream()>>>(
            n, m, is_aligned, mode, static_cast<scalar_t>(eps), a.data_ptr<scalar_t>(),
            b.data_ptr<scalar_t>(), out.data_ptr<scalar_t>());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
  return out;
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CUDA, m) { m.impl("bbox_overlaps", TORCH_FN(bbox_overlaps_cuda)); }

}  // namespace mmdet4j::ops::cuda
