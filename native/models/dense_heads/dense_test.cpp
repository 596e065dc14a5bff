#include "models/dense_heads/dense_test.h"

#include <algorithm>

#include "core/post_processing/multiclass_nms.h"
#include "ops/nms.h"

namespace mmdet4j::models {

TopScores top_scores(const torch::Tensor& scores, double score_thr, int64_t nms_pre) {
  auto valid = scores > score_thr;
  auto pairs = torch::nonzero(valid);  // (K, 2): point, class
  auto [sorted, order] = scores.index({valid}).sort(0, /*descending=*/true);
  int64_t k = sorted.size(0);
  if (nms_pre > 0) k = std::min(k, nms_pre);
  auto kept = pairs.index_select(0, order.narrow(0, 0, k));
  return {sorted.narrow(0, 0, k), kept.select(1, 0), kept.select(1, 1)};
}

Detections finish_detections(torch::Tensor boxes, torch::Tensor scores, torch::Tensor labels, const ImageMeta& meta,
                             bool rescale, const AnchorHead::TestSettings& test) {
  if (rescale) boxes = meta.to_original(boxes);
  if (test.min_bbox_size > 0) {
    auto big = core::larger_than(boxes, test.min_bbox_size);
    boxes = boxes.index({big}), scores = scores.index({big}), labels = labels.index({big});
  }
  auto keep = ops::batched_nms(boxes.contiguous(), scores.contiguous(), labels.contiguous(), test.iou_threshold);
  if (test.max_per_img > 0 && keep.size(0) > test.max_per_img) keep = keep.narrow(0, 0, test.max_per_img);
  return {boxes.index_select(0, keep), scores.index_select(0, keep), labels.index_select(0, keep), torch::Tensor()};
}

}  // namespace mmdet4j::models
