#pragma once
// What an assigner gives each candidate box (anchor, point or proposal): the ground truth it is
// trained against, or background, or nothing. Assigners register themselves in registry
// "assigner" from their own source files (mmdetection's core/bbox/assigners).

#include <ATen/ATen.h>

#include <memory>

#include "core/options.h"

namespace mmdet4j::core {

struct AssignResult {
  int64_t num_gts;
  at::Tensor gt_inds;       // (N,) int64: 0 negative, -1 ignored, k > 0 -> ground truth k - 1
  at::Tensor max_overlaps;  // (N,)
  at::Tensor labels;        // (N,) int64: class of the assigned ground truth, -1 elsewhere
};

class Assigner {
 public:
  virtual ~Assigner() = default;
  // boxes (N, 4), ground truths (G, 4) with labels (G,); boxes overlapping gt_boxes_ignore may
  // be ignored.
  virtual AssignResult assign(const at::Tensor& boxes, const at::Tensor& gt_boxes, const at::Tensor& gt_labels,
                              const at::Tensor& gt_boxes_ignore = at::Tensor()) const = 0;
};

// Builds the assigner `options` names (registry "assigner"); errors name the config path.
std::shared_ptr<Assigner> build_assigner(const Options& options);

}  // namespace mmdet4j::core
