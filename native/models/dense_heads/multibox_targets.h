#pragma once
// The training targets and box coding of RetinaFace and FaceBoxes, as their authors' box_utils
// (match, encode, encode_landm, decode, decode_landm) define them.
//
// Matching (per image): the IoU of every ground truth with every prior; each prior takes its
// best ground truth and is positive when that IoU reaches pos_iou_thr; each ground truth whose
// best prior reaches min_best_iou forces that prior positive, and every ground truth's best prior
// is given to it (in ground-truth order, the later one winning a shared prior) — so a ground truth
// below min_best_iou may take its best prior's assignment without making it positive. An image
// with no ground truth reaching min_best_iou has no positives.
//
// Coding, with variances (v0, v1): boxes as ((g_c - p_c) / (v0 * p_wh), log(g_wh / p_wh) / v1),
// landmarks as (g_xy - p_c) / (v0 * p_wh) per point.

#include <torch/torch.h>

#include <utility>

namespace mmdet4j::models {

struct MultiboxMatch {
  torch::Tensor gt_index;  // (P,) int64: the ground truth each prior takes
  torch::Tensor positive;  // (P,) bool
};

// priors (P, 4) (cx, cy, w, h); gt_boxes (G, 4) (x1, y1, x2, y2) with G > 0.
MultiboxMatch match_priors(const torch::Tensor& priors, const torch::Tensor& gt_boxes, double pos_iou_thr,
                           double min_best_iou);

using Variances = std::pair<double, double>;

// boxes (P, 4) (x1, y1, x2, y2) matched to priors (P, 4) (cx, cy, w, h) -> deltas (P, 4).
torch::Tensor encode_boxes(const torch::Tensor& boxes, const torch::Tensor& priors, Variances v);
torch::Tensor decode_boxes(const torch::Tensor& deltas, const torch::Tensor& priors, Variances v);
// points (P, K, 2) -> deltas (P, 2K), and back.
torch::Tensor encode_points(const torch::Tensor& points, const torch::Tensor& priors, Variances v);
torch::Tensor decode_points(const torch::Tensor& deltas, const torch::Tensor& priors, Variances v);

// Hard negative mining as the authors' MultiBoxLoss: per image the negatives are ranked by their
// cross-entropy (positives count as 0) and the first min(neg_pos_ratio * positives, P - 1) are
// kept. loss (N, P) the per-prior classification losses, positive (N, P) bool -> negatives (N, P).
torch::Tensor mine_hard_negatives(const torch::Tensor& loss, const torch::Tensor& positive, int64_t neg_pos_ratio);

}  // namespace mmdet4j::models
