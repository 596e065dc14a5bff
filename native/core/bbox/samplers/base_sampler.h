#pragma once
// mmdetection v2's box samplers (seed §1.5.1): after assignment, pick the positive and negative
// boxes a head is trained on. This base class holds BaseSampler's keys (num, pos_fraction,
// neg_pos_ub, add_gt_as_proposals) and its sample(); each sampler is one source file that
// registers itself in registry "sampler": RandomSampler draws uniformly, InstanceBalancedPosSampler
// spreads positives over ground truths, IoUBalancedNegSampler (Libra R-CNN) spreads negatives over
// IoU bins, OHEMSampler keeps the hardest (highest-loss) boxes, PseudoSampler keeps everything.
// With add_gt_as_proposals the ground truths are prepended to the boxes as positives of
// themselves (IoU 1), so a head always sees some positives.

#include <ATen/ATen.h>

#include <functional>
#include <memory>

#include "core/bbox/assigners/base_assigner.h"
#include "core/options.h"

namespace mmdet4j {
class Schema;
}

namespace mmdet4j::core {

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
  virtual ~Sampler() = default;

  // boxes (B, 4+) (extra columns such as proposal scores are dropped), assignment of those boxes,
  // ground truth (G, 4) and labels (G,). background_label: the label OHEM scores negatives with.
  virtual SamplingResult sample(AssignResult assign, const at::Tensor& boxes, const at::Tensor& gt_boxes,
                                const at::Tensor& gt_labels, const HardnessFn& hardness = {},
                                int64_t background_label = 0) const;

  bool add_gt_as_proposals() const { return add_gt_as_proposals_; }

  // BaseSampler's keys, with mmdetection v2's defaults.
  static Schema schema();

 protected:
  // options: read through the sampler's schema (which includes Sampler::schema()).
  explicit Sampler(const Options& options);
  // A sampler without BaseSampler's keys (PseudoSampler).
  Sampler() = default;

  // Indices (into the boxes) of up to `expected` positives / negatives.
  virtual at::Tensor sample_pos(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                                const HardnessFn& hardness) const = 0;
  virtual at::Tensor sample_neg(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                                const HardnessFn& hardness, int64_t background_label) const = 0;

  // The result for chosen pos_inds / neg_inds of `boxes` (B, 4) with their assignment.
  static SamplingResult result(at::Tensor pos_inds, at::Tensor neg_inds, const at::Tensor& boxes,
                               const at::Tensor& is_gt, const AssignResult& assign, const at::Tensor& gt_boxes);

 private:
  // Draws positives with one sampler and negatives with another (combined_sampler.cpp).
  friend class CombinedSampler;

  int64_t num_ = 0;
  double pos_fraction_ = 0;
  double neg_pos_ub_ = -1;  // at most neg_pos_ub * max(1, positives) negatives when >= 0
  bool add_gt_as_proposals_ = false;
};

// Builds the sampler `options` names (registry "sampler"); errors name the config path.
std::shared_ptr<Sampler> build_sampler(const Options& options);

// Helpers of the samplers.
// `count` distinct elements of `gallery` (1-d) drawn uniformly with LibTorch's generator.
at::Tensor random_choice(const at::Tensor& gallery, int64_t count);
// The indices where a 1-d mask is true.
at::Tensor nonzero_1d(const at::Tensor& mask);
// Tops up `sampled` to `expected` with random members of `pool` (indices into [0, size)) that
// it does not hold yet.
at::Tensor fill_up(const at::Tensor& sampled, const at::Tensor& pool, int64_t expected, int64_t size);

}  // namespace mmdet4j::core
