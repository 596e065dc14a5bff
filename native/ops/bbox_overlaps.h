#pragma once
// mmdet4j::bbox_overlaps — mmdetection v2's bbox_overlaps (mmdet/core/bbox/iou_calculators):
// areas are (x2 - x1) * (y2 - y1) (no legacy +1), union = max(union, eps), and for GIoU
// enclose = max(enclose_area, eps), giou = iou - (enclose - union) / enclose.

#include <ATen/ATen.h>

#include <string_view>

namespace mmdet4j::ops {

enum class OverlapMode : int64_t { kIoU = 0, kIoF = 1, kGIoU = 2 };
OverlapMode parse_overlap_mode(std::string_view mode);

// Pairwise: (N, 4) x (M, 4) -> (N, M). Aligned: (N, 4) x (N, 4) -> (N,).
// mode: "iou", "iof" (intersection over the area of bboxes1) or "giou".
at::Tensor bbox_overlaps(const at::Tensor& bboxes1, const at::Tensor& bboxes2,
                         std::string_view mode, bool is_aligned, double eps);

namespace detail {
void check_bbox_overlaps_args(const at::Tensor& bboxes1, const at::Tensor& bboxes2,
                              bool is_aligned, double eps);
}  // namespace detail

}  // namespace mmdet4j::ops
