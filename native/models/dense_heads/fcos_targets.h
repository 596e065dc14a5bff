#pragma once
// FCOS's training targets (mmdetection v2.28's FCOSHead.get_targets and centerness_target): each
// point is a positive of the ground truth it lies in (with center_sampling: in the box of radius
// center_sample_radius * stride around the box centre, clipped to the box) whose largest
// distance to a side is within the point's level's regress range; where several qualify the one
// of smallest area wins. Its regression target is the distances (left, top, right, bottom) to
// that box's sides.

#include <torch/torch.h>

#include <utility>
#include <vector>

#include "models/structures.h"

namespace mmdet4j::models {

struct FcosTargetSettings {
  std::vector<int64_t> strides;                          // one per level
  std::vector<std::pair<double, double>> regress_ranges;  // one per level
  bool center_sampling = false;
  double center_sample_radius = 1.5;
  bool norm_on_bbox = false;  // divide the distances by the level's stride
  int64_t background = 0;     // the label of negatives (num_classes)
};

// Flattened as mmdetection's loss flattens the score maps: level by level, within a level image
// by image, within an image point by point.
struct FcosTargets {
  torch::Tensor labels;        // (T,) int64, `background` where not positive
  torch::Tensor bbox_targets;  // (T, 4) distances (left, top, right, bottom)
};

// points: per level (P_l, 2), as core::grid_points gives them.
FcosTargets fcos_targets(const std::vector<torch::Tensor>& points, const std::vector<GroundTruth>& gts,
                         const FcosTargetSettings& settings);

// sqrt(min(l, r) / max(l, r) * min(t, b) / max(t, b)) of distances (P, 4): 1 at a box's centre,
// 0 on its border.
torch::Tensor centerness_target(const torch::Tensor& distances);

}  // namespace mmdet4j::models
