#pragma once
// mmdetection v2's PointAssigner (RepPoints' initial stage): each ground truth goes to the level
// given by its size, round-toward-zero of (log2(w / scale) + log2(h / scale)) / 2 clamped to the
// points' levels (level = log2 of the stride), and there claims the pos_num points nearest to its
// centre, distance measured in units of its width and height; a point claimed by several ground
// truths keeps the nearest. Every other point is negative (0); nothing is ignored.
// The candidates are points (N, 3): x, y and the stride of their level.

#include "core/bbox/assigners/base_assigner.h"

namespace mmdet4j {
class Schema;
}

namespace mmdet4j::core {

class PointAssigner : public Assigner {
 public:
  static Schema schema();
  PointAssigner(double scale, int64_t pos_num);
  AssignResult assign(const at::Tensor& points, const at::Tensor& gt_boxes, const at::Tensor& gt_labels,
                      const at::Tensor& gt_boxes_ignore = at::Tensor()) const override;

 private:
  double scale_;
  int64_t pos_num_;
};

}  // namespace mmdet4j::core
