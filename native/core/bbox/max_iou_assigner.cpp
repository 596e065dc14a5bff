#include "core/bbox/max_iou_assigner.h"

#include "ops/bbox_overlaps.h"

namespace mmdet4j::core {

MaxIoUAssignerOptions MaxIoUAssignerOptions::from(const Options& o) {
  const auto type = o.get_string("type", "MaxIoUAssigner");
  TORCH_CHECK(type == "MaxIoUAssigner", o.path_of("type"), ": only MaxIoUAssigner is supported natively, got '", type,
              "'");
  MaxIoUAssignerOptions a;
  a.pos_iou_thr = o.get_double("pos_iou_thr", a.pos_iou_thr);
  auto neg = o.get_double_list("neg_iou_thr", {a.neg_iou_thr_high});
  TORCH_CHECK(neg.size() == 1 || neg.size() == 2, "MaxIoUAssigner: neg_iou_thr is a number or a (low, high) pair");
  if (neg.size() == 1) {
    a.neg_iou_thr_low = 0;
    a.neg_iou_thr_high = neg[0];
  } else {
    a.neg_iou_thr_low = neg[0];
    a.neg_iou_thr_high = neg[1];
  }
  a.min_pos_iou = o.get_double("min_pos_iou", a.min_pos_iou);
  a.gt_max_assign_all = o.get_bool("gt_max_assign_all", a.gt_max_assign_all);
  a.ignore_iof_thr = o.get_double("ignore_iof_thr", a.ignore_iof_thr);
  a.match_low_quality = o.get_bool("match_low_quality", a.match_low_quality);
  a.gpu_assign_thr = o.get_double("gpu_assign_thr", a.gpu_assign_thr);
  return a;
}

AssignResult MaxIoUAssigner::assign(const at::Tensor& boxes, const at::Tensor& gt_boxes,
                                    const at::Tensor& gt_labels, const at::Tensor& gt_boxes_ignore) const {
  const int64_t num_boxes = boxes.size(0), num_gts = gt_boxes.size(0);
  if (options_.gpu_assign_thr > 0 && num_gts > options_.gpu_assign_thr && boxes.is_cuda()) {
    auto r = assign(boxes.cpu(), gt_boxes.cpu(), gt_labels.cpu(),
                    gt_boxes_ignore.defined() ? gt_boxes_ignore.cpu() : gt_boxes_ignore);
    return {r.num_gts, r.gt_inds.to(boxes.device()), r.max_overlaps.to(boxes.device()), r.labels.to(boxes.device())};
  }
  auto long_opts = boxes.options().dtype(at::kLong);
  AssignResult r{num_gts, at::full({num_boxes}, -1, long_opts), at::zeros({num_boxes}, boxes.options()),
                 at::full({num_boxes}, -1, long_opts)};
  if (num_gts == 0 || num_boxes == 0) {
    if (num_gts == 0) r.gt_inds.zero_();  // no ground truth: everything is background
    return r;
  }
  auto overlaps = ops::bbox_overlaps(gt_boxes, boxes, "iou", false, 1e-6);  // (G, N)
  if (options_.ignore_iof_thr > 0 && gt_boxes_ignore.defined() && gt_boxes_ignore.numel() > 0) {
    auto iof = ops::bbox_overlaps(boxes, gt_boxes_ignore, "iof", false, 1e-6);
    auto ignored = std::get<0>(iof.max(1)) > options_.ignore_iof_thr;
    overlaps.index_put_({at::indexing::Slice(), ignored}, -1);
  }
  auto [max_overlaps, argmax] = overlaps.max(0);
  auto [gt_max, gt_argmax] = overlaps.max(1);
  r.max_overlaps = max_overlaps;
  auto negative = (max_overlaps >= options_.neg_iou_thr_low) & (max_overlaps < options_.neg_iou_thr_high);
  r.gt_inds.masked_fill_(negative, 0);
  auto positive = max_overlaps >= options_.pos_iou_thr;
  r.gt_inds = at::where(positive, argmax + 1, r.gt_inds);
  if (options_.match_low_quality) {
    auto gt_max_cpu = gt_max.to(at::kCPU);
    auto gt_argmax_cpu = gt_argmax.to(at::kCPU);
    for (int64_t i = 0; i < num_gts; ++i) {
      const double best = gt_max_cpu[i].item<double>();
      if (best < options_.min_pos_iou) continue;
      if (options_.gt_max_assign_all) {
        r.gt_inds.masked_fill_(overlaps[i] == best, i + 1);
      } else {
        r.gt_inds[gt_argmax_cpu[i].item<int64_t>()] = i + 1;
      }
    }
  }
  auto pos = r.gt_inds > 0;
  auto labels = gt_labels.to(long_opts).index_select(0, (r.gt_inds - 1).clamp_min(0));
  r.labels = at::where(pos, labels, r.labels);
  return r;
}

}  // namespace mmdet4j::core
