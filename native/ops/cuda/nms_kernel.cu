// CUDA kernels of mmdet4j::nms, batched_nms and soft_nms (mask + on-device reduction).

#include <torch/library.h>

#include "ops/common/cuda/nms_kernel.cuh"
#include "ops/common/cuda/soft_nms_kernel.cuh"
#include "ops/common/reduced_precision.h"
#include "ops/cuda/launch.cuh"
#include "ops/nms.h"

namespace mmdet4j::ops::cuda {
namespace {

using cuda_kernels::kNmsBlock;

// Greedy NMS over boxes already in visiting order; returns a uint8 keep flag per box.
at::Tensor nms_flags(const at::Tensor& sorted_boxes, const at::Tensor& sorted_classes,
                     double iou_threshold) {
  const int64_t n = sorted_boxes.size(0);
  const int64_t col_blocks = (n + kNmsBlock - 1) / kNmsBlock;
  constexpr int kReduceThreads = 1024;
  const int64_t words_per_thread = (col_blocks + kReduceThreads - 1) / kReduceThreads;
  TORCH_CHECK(words_per_thread <= 16, "nms: at most ", 16 * kReduceThreads * kNmsBlock,
              " boxes on CUDA, got ", n);
  auto mask = at::empty({n * col_blocks}, sorted_boxes.options().dtype(at::kLong));
  auto keep = at::zeros({n}, sorted_boxes.options().dtype(at::kByte));
  auto stream = current_stream();
  const int64_t* classes = sorted_classes.defined() ? sorted_classes.data_ptr<int64_t>() : nullptr;
  AT_DISPATCH_FLOATING_TYPES(sorted_boxes.scalar_type(), "nms_mask_cuda", [&] {
    dim3 grid(col_blocks, col_blocks);
    cuda_kernels::nms_mask_kernel<scalar_t><<<grid, kNmsBlock, 0, stream>>>(
        n, iou_threshold, sorted_boxes.data_ptr<scalar_t>(), classes,
        reinterpret_cast<uint64_t*>(mask.data_ptr<int64_t>()));
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
  const auto* mask_words = reinterpret_cast<const uint64_t*>(mask.data_ptr<int64_t>());
  uint8_t* keep_flags = keep.data_ptr<uint8_t>();
  if (words_per_thread <= 1) {
    cuda_kernels::nms_reduce_kernel<1><<<1, kReduceThreads, 0, stream>>>(n, mask_words, keep_flags);
  } else if (words_per_thread <= 2) {
    cuda_kernels::nms_reduce_kernel<2><<<1, kReduceThreads, 0, stream>>>(n, mask_words, keep_flags);
  } else if (words_per_thread <= 4) {
    cuda_kernels::nms_reduce_kernel<4><<<1, kReduceThreads, 0, stream>>>(n, mask_words, keep_flags);
  } else if (words_per_thread <= 8) {
    cuda_kernels::nms_reduce_kernel<8><<<1, kReduceThreads, 0, stream>>>(n, mask_words, keep_flags);
  } else {
    cuda_kernels::nms_reduce_kernel<16><<<1, kReduceThreads, 0, stream>>>(n, mask_words, keep_flags);
  }
  C10_CUDA_KERNEL_LAUNCH_CHECK();
  return keep;
}

at::Tensor nms_cuda(const at::Tensor& boxes, const at::Tensor& scores, double iou_threshold) {
  detail::check_nms_args(boxes, scores, iou_threshold, "nms");
  if (detail::is_reduced_float(boxes) || detail::is_reduced_float(scores)) {
    return nms_cuda(detail::to_compute_dtype(boxes), detail::to_compute_dtype(scores), iou_threshold);
  }
  c10::cuda::CUDAGuard guard(boxes.device());
  if (boxes.size(0) == 0) return at::empty({0}, boxes.options().dtype(at::kLong));
  auto order = std::get<1>(scores.sort(/*stable=*/true, 0, /*descending=*/true));
  auto keep = nms_flags(boxes.index_select(0, order).contiguous(), at::Tensor(), iou_threshold);
  return order.masked_select(keep.to(at::kBool));
}

at::Tensor batched_nms_cuda(const at::Tensor& boxes, const at::Tensor& scores,
                            const at::Tensor& idxs, double iou_threshold) {
  detail::check_batched_nms_args(boxes, scores, idxs, iou_threshold);
  if (detail::is_reduced_float(boxes) || detail::is_reduced_float(scores)) {
    return batched_nms_cuda(detail::to_compute_dtype(boxes), detail::to_compute_dtype(scores), idxs, iou_threshold);
  }
  c10::cuda::CUDAGuard guard(boxes.device());
  if (boxes.size(0) == 0) return at::empty({0}, boxes.options().dtype(at::kLong));
  // Visit by class, then by descending score: block pairs of different classes are skipped.
  auto by_score = std::get<1>(scores.sort(/*stable=*/true, 0, /*descending=*/true));
  auto classes = idxs.index_select(0, by_score);
  auto by_class = std::get<1>(classes.sort(/*stable=*/true, 0, /*descending=*/false));
  auto order = by_score.index_select(0, by_class);
  auto keep = nms_flags(boxes.index_select(0, order).contiguous(),
                        classes.index_select(0, by_class).contiguous(), iou_threshold);
  // Kept boxes in descending score order, ties by lower index (as the CPU kernel).
  auto kept = std::get<0>(order.masked_select(keep.to(at::kBool)).sort());
  auto rank = std::get<1>(scores.index_select(0, kept).sort(/*stable=*/true, 0, /*descending=*/true));
  return kept.index_select(0, rank);
}

std::tuple<at::Tensor, at::Tensor> soft_nms_cuda(const at::Tensor& boxes,
                                                 const at::Tensor& scores, double iou_threshold,
                                                 double sigma, double min_score,
                                                 c10::string_view method_name) {
  const auto method = detail::check_soft_nms_args(
      boxes, scores, iou_threshold, sigma, min_score,
      std::string_view(method_name.data(), method_name.size()));
  if (detail::is_reduced_float(boxes)) {
    auto [dets, keep] = soft_nms_cuda(detail::to_compute_dtype(boxes), detail::to_compute_dtype(scores), iou_threshold,
                                      sigma, min_score, method_name);
    return {dets.to(boxes.scalar_type()), keep};
  }
  c10::cuda::CUDAGuard guard(boxes.device());
  const int64_t n = boxes.size(0);
  auto b = boxes.contiguous();
  auto work = scores.contiguous().clone();
  auto alive = at::ones({n}, boxes.options().dtype(at::kByte));
  auto keep = at::empty({n}, boxes.options().dtype(at::kLong));
  auto kept_scores = at::empty({n}, boxes.options());
  auto count = at::zeros({1}, boxes.options().dtype(at::kLong));
  if (n > 0) {
    AT_DISPATCH_FLOATING_TYPES(boxes.scalar_type(), "soft_nms_cuda", [&] {
      cuda_kernels::soft_nms_kernel<scalar_t>
          <<<1, cuda_kernels::kSoftNmsThreads, 0, current_stream()>>>(
              n, b.data_ptr<scalar_t>(), work.data_ptr<scalar_t>(), alive.data_ptr<uint8_t>(),
              iou_threshold, sigma, min_score, static_cast<int>(method),
              keep.data_ptr<int64_t>(), kept_scores.data_ptr<scalar_t>(),
              count.data_ptr<int64_t>());
      C10_CUDA_KERNEL_LAUNCH_CHECK();
    });
  }
  const int64_t k = count.item<int64_t>();
  keep = keep.narrow(0, 0, k);
  auto dets = at::cat({b.index_select(0, keep), kept_scores.narrow(0, 0, k).unsqueeze(1)}, 1);
  return {dets, keep};
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CUDA, m) {
  m.impl("nms", TORCH_FN(nms_cuda));
  m.impl("batched_nms", TORCH_FN(batched_nms_cuda));
  m.impl("soft_nms", TORCH_FN(soft_nms_cuda));
}

}  // namespace mmdet4j::ops::cuda
