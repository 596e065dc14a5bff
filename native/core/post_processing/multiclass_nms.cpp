#include "core/post_processing/multiclass_nms.h"

#include "ops/nms.h"

namespace mmdet4j::core {

at::Tensor larger_than(const at::Tensor& boxes, double min_size) {
  auto wh = boxes.narrow(1, 2, 2) - boxes.narrow(1, 0, 2);
  return (wh.select(1, 0) > min_size) & (wh.select(1, 1) > min_size);
}

NmsResult multiclass_nms(const at::Tensor& boxes, const at::Tensor& scores, double score_thr, double iou_threshold,
                         int64_t max_num, double min_size) {
  const int64_t n = scores.size(0), c = scores.size(1);
  TORCH_CHECK(boxes.dim() == 2 && boxes.size(0) == n && (boxes.size(1) == 4 || boxes.size(1) == 4 * c),
              "multiclass_nms: boxes must be (N, 4) or (N, ", 4 * c, ") for scores (N, ", c, "), got ", boxes.sizes());
  auto valid = scores > score_thr;
  auto idx = at::nonzero(valid);  // (K, 2): box, class
  auto box_idx = idx.select(1, 0), labels = idx.select(1, 1).contiguous();
  at::Tensor cand;
  if (boxes.size(1) == 4) {
    cand = boxes.index_select(0, box_idx);
  } else {
    cand = boxes.view({n, c, 4}).index({box_idx, labels});
  }
  auto cand_scores = scores.index({valid});
  if (min_size > 0) {
    auto big = larger_than(cand, min_size);
    cand = cand.index({big});
    cand_scores = cand_scores.index({big});
    labels = labels.index({big});
  }
  auto keep = ops::batched_nms(cand.contiguous(), cand_scores.contiguous(), labels, iou_threshold);
  if (max_num > 0 && keep.size(0) > max_num) keep = keep.narrow(0, 0, max_num);
  return {cand.index_select(0, keep), cand_scores.index_select(0, keep), labels.index_select(0, keep)};
}

}  // namespace mmdet4j::core
