#pragma once
// mmdetection v2's DistancePointBBoxCoder (anchor-free heads such as FCOS): a box is the distances
// (left, top, right, bottom) from a point to its sides. "boxes" of the BBoxCoder interface are
// here points (N, 2).

#include "core/bbox/coder/base_bbox_coder.h"

namespace mmdet4j {
class Schema;
}

namespace mmdet4j::core {

class DistancePointBBoxCoder : public BBoxCoder {
 public:
  static Schema schema();
  explicit DistancePointBBoxCoder(bool clip_border = true) : clip_border_(clip_border) {}
  // points (N, 2), boxes (N, 4) -> distances (N, 4) (mmdetection's bbox2distance without max_dis).
  at::Tensor encode(const at::Tensor& points, const at::Tensor& gt) const override;
  // points (N, 2), distances (N, 4) -> boxes (N, 4) (distance2bbox), clipped to the image when
  // clip_border and a shape are given.
  at::Tensor decode(const at::Tensor& points, const at::Tensor& distances, int64_t max_h = 0,
                    int64_t max_w = 0) const override;

 private:
  bool clip_border_;
};

}  // namespace mmdet4j::core
