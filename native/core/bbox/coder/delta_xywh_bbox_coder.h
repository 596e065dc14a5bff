#pragma once
// mmdetection v2's DeltaXYWHBBoxCoder (R-CNN box parametrisation, Girshick et al. 2014, with
// widths x2 - x1, no +1): deltas (dx, dy, dw, dh) normalised by means and stds.

#include <vector>

#include "core/bbox/coder/base_bbox_coder.h"

namespace mmdet4j {
class Schema;
}

namespace mmdet4j::core {

struct DeltaXYWHBBoxCoderOptions {
  std::vector<double> means{0, 0, 0, 0};
  std::vector<double> stds{1, 1, 1, 1};
  bool clip_border = true;
  double wh_ratio_clip = 16.0 / 1000.0;

  // o: read through DeltaXYWHBBoxCoder's schema.
  static DeltaXYWHBBoxCoderOptions from(const Options& o);
};

class DeltaXYWHBBoxCoder : public BBoxCoder {
 public:
  static Schema schema();
  explicit DeltaXYWHBBoxCoder(const DeltaXYWHBBoxCoderOptions& options);
  at::Tensor encode(const at::Tensor& boxes, const at::Tensor& gt) const override;
  at::Tensor decode(const at::Tensor& boxes, const at::Tensor& deltas, int64_t max_h = 0,
                    int64_t max_w = 0) const override;

 private:
  DeltaXYWHBBoxCoderOptions options_;
};

}  // namespace mmdet4j::core
