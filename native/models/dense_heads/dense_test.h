#pragma once
// The test-time steps of mmdetection v2.28's BaseDenseHead that point-based heads share (FCOS,
// RepPoints): filter_scores_and_topk on one level's scores, and _bbox_post_process on an image's
// boxes from all levels.

#include <torch/torch.h>

#include "models/dense_heads/anchor_head.h"
#include "models/structures.h"

namespace mmdet4j::models {

// The (point, class) pairs of sigmoid scores (P, C) above score_thr, best first, at most nms_pre
// of them (<= 0: all).
struct TopScores {
  torch::Tensor scores;  // (K,)
  torch::Tensor points;  // (K,) int64, rows of the level's points
  torch::Tensor labels;  // (K,) int64
};
TopScores top_scores(const torch::Tensor& scores, double score_thr, int64_t nms_pre);

// One image's detections from the boxes, scores and labels of all levels (in the input's pixels):
// mapped to the original image with rescale, boxes below min_bbox_size dropped, class-wise NMS,
// the best max_per_img.
Detections finish_detections(torch::Tensor boxes, torch::Tensor scores, torch::Tensor labels, const ImageMeta& meta,
                             bool rescale, const AnchorHead::TestSettings& test);

}  // namespace mmdet4j::models
