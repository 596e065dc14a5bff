#pragma once
// mmdetection v2's MaxIoUAssigner: each box gets the index (1-based) of its best-overlapping
// ground truth when IoU >= pos_iou_thr, 0 (negative) when IoU is in the negative range, -1
// (ignored) otherwise; with match_low_quality, every ground truth whose best IoU is >= min_pos_iou
// also claims its best box (all tied boxes with gt_max_assign_all). Ground truths are processed
// in order, so a later one wins a box claimed by two.

#include "core/bbox/assigners/base_assigner.h"

namespace mmdet4j {
class Schema;
}

namespace mmdet4j::core {

struct MaxIoUAssignerOptions {
  double pos_iou_thr = 0.5;
  double neg_iou_thr_low = 0.0;   // negative range [low, high); a single neg_iou_thr sets [0, thr)
  double neg_iou_thr_high = 0.4;
  double min_pos_iou = 0.0;
  bool gt_max_assign_all = true;
  double ignore_iof_thr = -1;
  bool match_low_quality = true;
  // More ground truths than this on a GPU: assign on the CPU (the (G, N) IoU matrix can exhaust
  // GPU memory); <= 0: never.
  double gpu_assign_thr = -1;

  // o: read through MaxIoUAssigner's schema.
  static MaxIoUAssignerOptions from(const Options& o);
};


class MaxIoUAssigner : public Assigner {
 public:
  static Schema schema();
  explicit MaxIoUAssigner(const MaxIoUAssignerOptions& options) : options_(options) {}
  AssignResult assign(const at::Tensor& boxes, const at::Tensor& gt_boxes, const at::Tensor& gt_labels,
                      const at::Tensor& gt_boxes_ignore = at::Tensor()) const override;

 private:
  MaxIoUAssignerOptions options_;
};

}  // namespace mmdet4j::core
