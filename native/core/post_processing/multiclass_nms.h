#pragma once
// mmdetection v2's multiclass_nms: every (box, class) pair scoring above score_thr, NMS within
// each class, the best max_num kept (sorted by score).

#include <ATen/ATen.h>

namespace mmdet4j::core {

struct NmsResult {
  at::Tensor boxes;   // (K, 4)
  at::Tensor scores;  // (K,)
  at::Tensor labels;  // (K,) int64
};

// A mask (N,) of the boxes (N, 4) whose width and height are both above min_size (the
// min_bbox_size filter of mmdetection's heads).
at::Tensor larger_than(const at::Tensor& boxes, double min_size);

// boxes: (N, 4) shared by all classes or (N, C * 4) per class; scores: (N, C) without a
// background column. min_size > 0 also drops boxes whose width or height is not above it.
NmsResult multiclass_nms(const at::Tensor& boxes, const at::Tensor& scores, double score_thr, double iou_threshold,
                         int64_t max_num, double min_size = 0);

}  // namespace mmdet4j::core
