#pragma once
// Training targets of anchor-based dense heads (mmdetection v2's AnchorHead.get_targets): per
// image, the valid anchors are assigned to ground truths, sampled, and turned into class labels
// and box-regression targets with their weights; images are concatenated.

#include <torch/torch.h>

#include <vector>

#include "core/anchor/anchor_generator.h"
#include "core/bbox/assigners/base_assigner.h"
#include "core/bbox/coder/base_bbox_coder.h"
#include "core/bbox/samplers/base_sampler.h"
#include "models/structures.h"

namespace mmdet4j::models {

struct AnchorTargets {
  torch::Tensor labels;         // (N * T,) int64, `background` where not positive
  torch::Tensor label_weights;  // (N * T,)
  torch::Tensor bbox_targets;   // (N * T, 4) deltas (or boxes with reg_decoded_bbox)
  torch::Tensor bbox_weights;   // (N * T, 4)
  // mmdetection's num_total_samples: positives (+ negatives when sampling), each image counted
  // as at least one of each.
  double avg_factor = 0;
};

struct AnchorTargetSettings {
  int64_t background = 0;      // label of negatives (num_classes)
  bool use_gt_labels = true;   // false for RPN: every positive is class 0
  bool reg_decoded_bbox = false;
  double pos_weight = -1;      // <= 0: 1
  // The head samples anchors (avg_factor counts negatives too); false when it is trained on
  // every anchor (focal loss, PseudoSampler).
  bool sampling = true;
};

// anchors (T, 4) of all levels; valid (per image) (T,) flags.
AnchorTargets anchor_targets(const torch::Tensor& anchors, const std::vector<torch::Tensor>& valid,
                             const std::vector<GroundTruth>& gts, const core::Assigner& assigner,
                             const core::Sampler& sampler, const core::BBoxCoder& coder,
                             const AnchorTargetSettings& settings);

// All levels' anchors (T, 4) and, per image, their valid flags, for score maps of the given sizes.
std::pair<torch::Tensor, std::vector<torch::Tensor>> multi_level_anchors(
    const core::AnchorGenerator& generator, const std::vector<torch::Tensor>& score_maps,
    const std::vector<ImageMeta>& metas);

// The valid flags narrowed to anchors inside each image grown by allowed_border pixels
// (mmdetection's anchor_inside_flags with allowed_border >= 0).
std::vector<torch::Tensor> inside_image(const torch::Tensor& anchors, const std::vector<torch::Tensor>& valid,
                                        const std::vector<ImageMeta>& metas, int64_t allowed_border);

}  // namespace mmdet4j::models
