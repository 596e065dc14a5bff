#include "core/bbox/assigners/max_iou_assigner.h"

#include "ops/bbox_overlaps.h"
#include "registry/registry.h"

namespace mmdet4j::core {

Schema MaxIoUAssigner::schema() {
  return Schema()
      .required("pos_iou_thr", ParamType::kFloat, "IoU at or above which a box is positive")
      .required("neg_iou_thr", ParamType::kAny, "IoU below which a box is negative, or a [low, high) range")
      .optional("min_pos_iou", ParamType::kFloat, 0.0, "lowest IoU at which a ground truth claims its best box")
      .optional("gt_max_assign_all", ParamType::kBool, true, "a ground truth claims every box tied at its best IoU")
      .optional("ignore_iof_thr", ParamType::kFloat, -1.0,
                "only <= 0: no ignored ground truths reach the native detectors")
      .optional("ignore_wrt_candidates", ParamType::kBool, true, "matters only with ignored ground truths")
      .optional("match_low_quality", ParamType::kBool, true, "let each ground truth claim its best box")
      .optional("gpu_assign_thr", ParamType::kFloat, -1.0,
                "assign on the CPU above this many ground truths on a GPU (<= 0: never)")
      .optional("iou_calculator", ParamType::kDict, {{"type", "BboxOverlaps2D"}}, "only {type: BboxOverlaps2D}");
}

MaxIoUAssignerOptions MaxIoUAssignerOptions::from(const Options& o) {
  MaxIoUAssignerOptions a;
  a.pos_iou_thr = o.get_double("pos_iou_thr");
  const auto neg = o.get_double_list("neg_iou_thr");
  TORCH_CHECK(neg.size() == 1 || neg.size() == 2, o.path_of("neg_iou_thr"),
              ": expected a number or a (low, high) pair, got ", neg.size(), " values");
  a.neg_iou_thr_low = neg.size() == 2 ? neg[0] : 0.0;
  a.neg_iou_thr_high = neg.back();
  a.min_pos_iou = o.get_double("min_pos_iou");
  a.gt_max_assign_all = o.get_bool("gt_max_assign_all");
  a.ignore_iof_thr = o.get_double("ignore_iof_thr");
  // Ignoring boxes that overlap ignored ground truths needs gt_bboxes_ignore, which the native
  // detectors are not given: a threshold would silently do nothing.
  TORCH_CHECK(a.ignore_iof_thr <= 0, o.path_of("ignore_iof_thr"),
              ": only values <= 0 are supported natively (the detectors are not given gt_bboxes_ignore), got ",
              a.ignore_iof_thr);
  o.mark_read("ignore_wrt_candidates");  // mmdetection uses it only together with ignored boxes
  a.match_low_quality = o.get_bool("match_low_quality");
  a.gpu_assign_thr = o.get_double("gpu_assign_thr");
  const auto calculator = o.get_json("iou_calculator");
  const Json overlaps_2d = {{"type", "BboxOverlaps2D"}};
  TORCH_CHECK(calculator == overlaps_2d, o.path_of("iou_calculator"),
              ": only {type: BboxOverlaps2D} is supported natively, got ", calculator.dump());
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

std::shared_ptr<Assigner> build_assigner(const Options& options) { return build<Assigner>("assigner", options, ""); }

namespace {

const Registrar<Assigner> kMaxIoUAssigner("assigner", "MaxIoUAssigner", MaxIoUAssigner::schema(),
                                          "each box to its best-overlapping ground truth by IoU thresholds",
                                          [](const Options& o) {
                                            return std::make_shared<MaxIoUAssigner>(MaxIoUAssignerOptions::from(o));
                                          });

}  // namespace

}  // namespace mmdet4j::core
