// CPU kernel of mmdet4j::bbox_overlaps.

#include <ATen/Parallel.h>
#include <torch/library.h>

#include "ops/bbox_overlaps.h"
#include "ops/common/box_math.h"
#include "ops/common/reduced_precision.h"

namespace mmdet4j::ops::cpu {
namespace {

at::Tensor bbox_overlaps_cpu(const at::Tensor& bboxes1, const at::Tensor& bboxes2,
                             c10::string_view mode_name, bool is_aligned, double eps) {
  detail::check_bbox_overlaps_args(bboxes1, bboxes2, is_aligned, eps);
  if (detail::is_reduced_float(bboxes1)) {
    return bbox_overlaps_cpu(detail::to_compute_dtype(bboxes1), detail::to_compute_dtype(bboxes2), mode_name,
                             is_aligned, eps)
        .to(bboxes1.scalar_type());
  }
  const int mode = static_cast<int>(
      parse_overlap_mode(std::string_view(mode_name.data(), mode_name.size())));
  const int64_t n = bboxes1.size(0), m = bboxes2.size(0);
  auto out = is_aligned ? at::empty({n}, bboxes1.options()) : at::empty({n, m}, bboxes1.options());
  if (out.numel() == 0) return out;
  auto a = bboxes1.contiguous(), b = bboxes2.contiguous();
  AT_DISPATCH_FLOATING_TYPES(a.scalar_type(), "bbox_overlaps_cpu", [&] {
    const scalar_t* pa = a.data_ptr<scalar_t>();
    const scalar_t* pb = b.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    const auto e = static_cast<scalar_t>(eps);
    const int64_t cols = is_aligned ? 1 : m;
    at::parallel_for(0, n, std::max<int64_t>(1, 4096 / std::max<int64_t>(cols, 1)),
                     [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        if (is_aligned) {
          po[i] = math::box_overlap(pa + 4 * i, pb + 4 * i, mode, e);
        } else {
          for (int64_t j = 0; j < m; ++j) {
            po[i * m + j] = math::box_overlap(pa + 4 * i, pb + 4 * j, mode, e);
          }
        }
      }
    });
  });
  return out;
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CPU, m) { m.impl("bbox_overlaps", TORCH_FN(bbox_overlaps_cpu)); }

}  // namespace mmdet4j::ops::cpu
