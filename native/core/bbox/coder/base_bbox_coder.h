#pragma once
// A box coder turns ground-truth boxes into the regression targets of a head and predictions
// back into boxes. Coders register themselves in registry "bbox_coder" from their own source
// files (mmdetection's core/bbox/coder).

#include <ATen/ATen.h>

#include <memory>

#include "core/options.h"

namespace mmdet4j::core {

class BBoxCoder {
 public:
  virtual ~BBoxCoder() = default;
  // (N, 4) boxes + (N, 4) targets -> (N, 4) regression targets.
  virtual at::Tensor encode(const at::Tensor& boxes, const at::Tensor& gt) const = 0;
  // (N, 4) boxes + (N, 4) predictions -> (N, 4) boxes, clamped to (max_h, max_w) when given (> 0).
  virtual at::Tensor decode(const at::Tensor& boxes, const at::Tensor& deltas, int64_t max_h = 0,
                            int64_t max_w = 0) const = 0;
};

// Builds the coder `options` names (registry "bbox_coder"); errors name the config path.
std::shared_ptr<BBoxCoder> build_bbox_coder(const Options& options);

}  // namespace mmdet4j::core
