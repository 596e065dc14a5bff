#pragma once
// mmdetection v2's box samplers (seed §1.5.1): after assignment, pick the positive and negative
// boxes a head is trained on. RandomSampler draws uniformly; InstanceBalancedPosSampler spreads
// positives over ground truths; IoUBalancedNegSampler (Libra R-CNN) spreads negatives over IoU
// bins; OHEMSampler keeps the hardest (highest-loss) boxes; PseudoSampler keeps everything.
// With add_gt_as_proposals the ground truths are prepended to the boxes as positives of
// themselves (IoU 1), so a head always sees some positives.

#include <ATen/ATen.h>

#include <functional>
#include <string>

#include "core/bbox/max_iou_assigner.h"
#include "core/options.h"

namespace mmdet4j::core {

struct SamplerOptions {
  std::string type = "RandomSampler";
  int64_t num = 256;
  double pos_fraction = 0.5;
  double neg_pos_ub = -1;  // at most neg_pos_ub * max(1, positives) negatives when >= 0
  bool add_gt_as_proposals = true;
  // IoUBalancedNegSampler
  double floor_thr = -1;
  double floor_fraction = 0;
  int64_t num_bins = 3;

  static SamplerOptions from(const Options& o);
};

struct SamplingResult {
  at::Tensor pos_inds, neg_inds;  // (P,), (Q,) int64 into the sampled-from boxes (ground truths first)
  at::Tensor pos_boxes, neg_boxes;
  at::Tensor pos_is_gt;             // (P,) bool: the box is a ground truth added as a proposal
  at::Tensor pos_assigned_gt_inds;  // (P,) int64, 0-based
  at::Tensor pos_gt_boxes;          // (P, 4)
  at::Tensor pos_gt_labels;         // (P,) int64
  int64_t num_gts = 0;

  at::Tensor boxes() const { return at::cat({pos_boxes, neg_boxes}); }
};

// Hardness of candidate boxes for OHEM: the per-box loss (B,) of boxes (B, 4) with labels (B,)
// (num_classes for background), computed without gradients.
using HardnessFn = std::function<at::Tensor(const at::Tensor& boxes, const at::Tensor& labels)>;

class Sampler {
 public:
  explicit Sampler(const SamplerOptions& options);

  // boxes (B, 4+) (extra columns such as proposal scores are dropped), assignment of those boxes,
  // ground truth (G, 4) and labels (G,). background_label: the label OHEM scores negatives with.
  SamplingResult sample(AssignResult assign, const at::Tensor& boxes, const at::Tensor& gt_boxes,
                        const at::Tensor& gt_labels, const HardnessFn& hardness = {},
                        int64_t background_label = 0) const;

  const SamplerOptions& options() const { return options_; }

 private:
  at::Tensor sample_pos(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                        const HardnessFn& hardness) const;
  at::Tensor sample_neg(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                        const HardnessFn& hardness, int64_t background_label) const;
  at::Tensor iou_balanced_neg(const AssignResult& assign, const at::Tensor& neg_inds, int64_t expected) const;

  SamplerOptions options_;
};

// `count` distinct elements of `gallery` (1-d) drawn uniformly with LibTorch's generator.
at::Tensor random_choice(const at::Tensor& gallery, int64_t count);

}  // namespace mmdet4j::core
