#include "ops/bbox_overlaps.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include "ops/common/checks.h"

namespace mmdet4j::ops {

OverlapMode parse_overlap_mode(std::string_view mode) {
  if (mode == "iou") return OverlapMode::kIoU;
  if (mode == "iof") return OverlapMode::kIoF;
  if (mode == "giou") return OverlapMode::kGIoU;
  TORCH_CHECK(false, "bbox_overlaps: mode must be 'iou', 'iof' or 'giou', got '",
              std::string(mode), "'");
}

at::Tensor bbox_overlaps(const at::Tensor& bboxes1, const at::Tensor& bboxes2,
                         std::string_view mode, bool is_aligned, double eps) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::bbox_overlaps", "")
                       .typed<at::Tensor(const at::Tensor&, const at::Tensor&, c10::string_view,
                                         bool, double)>();
  return op.call(bboxes1, bboxes2, c10::string_view(mode.data(), mode.size()), is_aligned, eps);
}

namespace detail {
void check_bbox_overlaps_args(const at::Tensor& bboxes1, const at::Tensor& bboxes2,
                              bool is_aligned, double eps) {
  check_boxes(bboxes1, "bbox_overlaps", "bboxes1");
  check_boxes(bboxes2, "bbox_overlaps", "bboxes2");
  check_same_device(bboxes1, bboxes2, "bbox_overlaps");
  TORCH_CHECK(bboxes1.scalar_type() == bboxes2.scalar_type(),
              "bbox_overlaps: bboxes1 and bboxes2 must have the same dtype, got ",
              bboxes1.scalar_type(), " and ", bboxes2.scalar_type());
  TORCH_CHECK(!is_aligned || bboxes1.size(0) == bboxes2.size(0),
              "bbox_overlaps: aligned mode needs as many bboxes1 as bboxes2, got ",
              bboxes1.size(0), " and ", bboxes2.size(0));
  TORCH_CHECK(std::isfinite(eps) && eps >= 0, "bbox_overlaps: eps must be >= 0, got ", eps);
}
}  // namespace detail

TORCH_LIBRARY_FRAGMENT(mmdet4j, m) {
  m.def(
      "bbox_overlaps(Tensor bboxes1, Tensor bboxes2, str mode='iou', bool is_aligned=False, "
      "float eps=1e-6) -> Tensor");
}

}  // namespace mmdet4j::ops
