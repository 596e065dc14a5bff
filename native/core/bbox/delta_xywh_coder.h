#pragma once
// mmdetection v2's DeltaXYWHBBoxCoder (R-CNN box parametrisation, Girshick et al. 2014, with
// widths x2 - x1, no +1): deltas (dx, dy, dw, dh) normalised by means and stds.

#include <ATen/ATen.h>

#include <vector>

#include "core/options.h"

namespace mmdet4j::core {

struct DeltaXYWHCoderOptions {
  std::vector<double> means{0, 0, 0, 0};
  std::vector<double> stds{1, 1, 1, 1};
  bool clip_border = true;
  double wh_ratio_clip = 16.0 / 1000.0;

  static DeltaXYWHCoderOptions from(const Options& o);
};

class DeltaXYWHCoder {
 public:
  explicit DeltaXYWHCoder(const DeltaXYWHCoderOptions& options);
  // (N, 4) boxes + (N, 4) targets -> (N, 4) deltas.
  at::Tensor encode(const at::Tensor& boxes, const at::Tensor& gt) const;
  // (N, 4) boxes + (N, 4) deltas -> (N, 4) boxes, clamped to (max_h, max_w) when given (> 0).
  at::Tensor decode(const at::Tensor& boxes, const at::Tensor& deltas, int64_t max_h = 0, int64_t max_w = 0) const;

 private:
  DeltaXYWHCoderOptions options_;
};

}  // namespace mmdet4j::core
