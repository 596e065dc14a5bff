#include "core/bbox/samplers.h"

namespace mmdet4j::core {

namespace {

at::Tensor nonzero_1d(const at::Tensor& mask) { return at::nonzero(mask).view({-1}); }

at::Tensor sorted_unique(const at::Tensor& inds) { return std::get<0>(at::_unique(inds, /*sorted=*/true)); }

// The elements of `all` (1-d indices) that are not in `taken`, as a mask over [0, size).
at::Tensor remaining(const at::Tensor& all, const at::Tensor& taken, int64_t size) {
  auto mask = at::zeros({size}, all.options().dtype(at::kBool));
  mask.index_put_({all}, true);
  if (taken.numel() > 0) mask.index_put_({taken}, false);
  return nonzero_1d(mask);
}

// Tops up `sampled` to `expected` with random members of `pool` it does not hold yet.
at::Tensor fill_up(const at::Tensor& sampled, const at::Tensor& pool, int64_t expected, int64_t size) {
  if (sampled.numel() >= expected) return sampled;
  auto extra = remaining(pool, sampled, size);
  const int64_t wanted = expected - sampled.numel();
  if (extra.numel() > wanted) extra = random_choice(extra, wanted);
  return at::cat({sampled, extra});
}

}  // namespace

SamplerOptions SamplerOptions::from(const Options& o) {
  SamplerOptions s;
  s.type = o.get_string("type", s.type);
  s.num = o.get_int("num", s.num);
  s.pos_fraction = o.get_double("pos_fraction", s.pos_fraction);
  s.neg_pos_ub = o.get_double("neg_pos_ub", s.neg_pos_ub);
  s.add_gt_as_proposals = o.get_bool("add_gt_as_proposals", s.add_gt_as_proposals);
  s.floor_thr = o.get_double("floor_thr", s.floor_thr);
  s.floor_fraction = o.get_double("floor_fraction", s.floor_fraction);
  s.num_bins = o.get_int("num_bins", s.num_bins);
  return s;
}

at::Tensor random_choice(const at::Tensor& gallery, int64_t count) {
  TORCH_CHECK(count <= gallery.numel(), "random_choice: ", count, " of ", gallery.numel(), " elements");
  auto perm = at::randperm(gallery.numel(), gallery.options().dtype(at::kLong).device(at::kCPU))
                  .narrow(0, 0, count)
                  .to(gallery.device());
  return gallery.index_select(0, perm);
}

Sampler::Sampler(const SamplerOptions& options) : options_(options) {
  const auto& t = options_.type;
  TORCH_CHECK(t == "RandomSampler" || t == "PseudoSampler" || t == "OHEMSampler" || t == "InstanceBalancedPosSampler" ||
                  t == "IoUBalancedNegSampler",
              "unknown sampler type '", t, "'");
  TORCH_CHECK(t == "PseudoSampler" || options_.num > 0, t, ": num must be positive");
  TORCH_CHECK(options_.pos_fraction >= 0 && options_.pos_fraction <= 1, t, ": pos_fraction must be in [0, 1]");
  TORCH_CHECK(options_.num_bins >= 1, t, ": num_bins must be at least 1");
  TORCH_CHECK(options_.floor_fraction >= 0 && options_.floor_fraction <= 1, t, ": floor_fraction must be in [0, 1]");
}

SamplingResult Sampler::sample(AssignResult assign, const at::Tensor& boxes_in, const at::Tensor& gt_boxes,
                               const at::Tensor& gt_labels, const HardnessFn& hardness,
                               int64_t background_label) const {
  TORCH_CHECK(boxes_in.dim() == 2 && boxes_in.size(1) >= 4, "sampler: boxes must be (B, 4+)");
  auto boxes = boxes_in.narrow(1, 0, 4);
  auto is_gt = at::zeros({boxes.size(0)}, boxes.options().dtype(at::kBool));
  const bool pseudo = options_.type == "PseudoSampler";
  const int64_t g = gt_boxes.size(0);
  if (!pseudo && options_.add_gt_as_proposals && g > 0) {
    boxes = at::cat({gt_boxes.to(boxes.scalar_type()), boxes});
    assign.gt_inds = at::cat({at::arange(1, g + 1, assign.gt_inds.options()), assign.gt_inds});
    assign.max_overlaps = at::cat({at::ones({g}, assign.max_overlaps.options()), assign.max_overlaps});
    assign.labels = at::cat({gt_labels.to(assign.labels.scalar_type()), assign.labels});
    is_gt = at::cat({at::ones({g}, is_gt.options()), is_gt});
  }
  SamplingResult r;
  if (pseudo) {
    r.pos_inds = nonzero_1d(assign.gt_inds > 0);
    r.neg_inds = nonzero_1d(assign.gt_inds == 0);
  } else {
    const auto expected_pos = static_cast<int64_t>(options_.num * options_.pos_fraction);
    r.pos_inds = sorted_unique(sample_pos(assign, expected_pos, boxes, hardness));
    int64_t expected_neg = options_.num - r.pos_inds.numel();
    if (options_.neg_pos_ub >= 0) {
      const auto bound = static_cast<int64_t>(options_.neg_pos_ub * std::max<int64_t>(1, r.pos_inds.numel()));
      expected_neg = std::min(expected_neg, bound);
    }
    r.neg_inds = sorted_unique(sample_neg(assign, expected_neg, boxes, hardness, background_label));
  }
  r.num_gts = g;
  r.pos_boxes = boxes.index_select(0, r.pos_inds);
  r.neg_boxes = boxes.index_select(0, r.neg_inds);
  r.pos_is_gt = is_gt.index_select(0, r.pos_inds);
  r.pos_assigned_gt_inds = assign.gt_inds.index_select(0, r.pos_inds) - 1;
  r.pos_gt_boxes = g == 0 ? boxes.new_zeros({0, 4})
                          : gt_boxes.to(boxes.scalar_type()).index_select(0, r.pos_assigned_gt_inds);
  r.pos_gt_labels = assign.labels.index_select(0, r.pos_inds);
  return r;
}

at::Tensor Sampler::sample_pos(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                               const HardnessFn& hardness) const {
  auto pos = nonzero_1d(assign.gt_inds > 0);
  if (pos.numel() <= expected) return pos;
  if (options_.type == "OHEMSampler") {
    TORCH_CHECK(hardness, "OHEMSampler needs the head's loss (a RoI head context)");
    auto loss = hardness(boxes.index_select(0, pos), assign.labels.index_select(0, pos));
    return pos.index_select(0, std::get<1>(loss.topk(expected)));
  }
  if (options_.type != "InstanceBalancedPosSampler") return random_choice(pos, expected);
  // Up to round(expected / gts) + 1 positives per ground truth, then topped up (or cut) at random.
  auto owners = sorted_unique(assign.gt_inds.index_select(0, pos));
  const auto per_gt = static_cast<int64_t>(std::round(static_cast<double>(expected) / owners.size(0)) + 1);
  std::vector<at::Tensor> parts;
  for (int64_t k = 0; k < owners.size(0); ++k) {
    auto inds = nonzero_1d(assign.gt_inds == owners[k]);
    parts.push_back(inds.numel() > per_gt ? random_choice(inds, per_gt) : inds);
  }
  auto sampled = at::cat(parts);
  if (sampled.numel() > expected) return random_choice(sampled, expected);
  // mmdetection draws the extras from a Python set of tensors, which never removes anything;
  // here the extras are the positives not sampled yet, as intended.
  return fill_up(sampled, pos, expected, assign.gt_inds.size(0));
}

at::Tensor Sampler::sample_neg(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                               const HardnessFn& hardness, int64_t background_label) const {
  auto neg = nonzero_1d(assign.gt_inds == 0);
  if (neg.numel() <= expected) return neg;
  if (options_.type == "OHEMSampler") {
    TORCH_CHECK(hardness, "OHEMSampler needs the head's loss (a RoI head context)");
    auto labels = at::full({neg.numel()}, background_label, assign.gt_inds.options());
    auto loss = hardness(boxes.index_select(0, neg), labels);
    return neg.index_select(0, std::get<1>(loss.topk(expected)));
  }
  if (options_.type == "IoUBalancedNegSampler") return iou_balanced_neg(assign, neg, expected);
  return random_choice(neg, expected);
}

at::Tensor Sampler::iou_balanced_neg(const AssignResult& assign, const at::Tensor& neg, int64_t expected) const {
  const auto overlaps = assign.max_overlaps;
  const int64_t size = overlaps.size(0);
  auto is_neg = at::zeros({size}, overlaps.options().dtype(at::kBool));
  is_neg.index_put_({neg}, true);
  double floor_thr = options_.floor_thr;
  at::Tensor floor_mask, iou_mask;
  if (floor_thr > 0) {
    floor_mask = (overlaps >= 0) & (overlaps < floor_thr);
    iou_mask = overlaps >= floor_thr;
  } else if (floor_thr == 0) {
    floor_mask = overlaps == 0;
    iou_mask = overlaps > 0;
  } else {
    floor_mask = at::zeros_like(is_neg);
    iou_mask = overlaps > floor_thr;
    floor_thr = 0;  // the bins then start at IoU 0
  }
  auto floor_neg = nonzero_1d(floor_mask & is_neg);
  auto iou_neg = nonzero_1d(iou_mask & is_neg);
  const auto expected_iou = static_cast<int64_t>(expected * (1 - options_.floor_fraction));
  at::Tensor iou_sampled = iou_neg;
  if (iou_neg.numel() > expected_iou) {
    if (options_.num_bins >= 2) {
      // Equal shares of [floor_thr, max IoU) split into num_bins bins (the maximum itself falls in
      // no bin, as in mmdetection), then topped up from the whole IoU range.
      const double max_iou = overlaps.max().item<double>();
      const double interval = (max_iou - floor_thr) / options_.num_bins;
      const auto per_bin = static_cast<int64_t>(expected_iou / options_.num_bins);
      auto in_range = at::zeros({size}, is_neg.options());
      in_range.index_put_({iou_neg}, true);
      std::vector<at::Tensor> bins;
      for (int64_t b = 0; b < options_.num_bins; ++b) {
        const double start = floor_thr + b * interval, end = floor_thr + (b + 1) * interval;
        auto inds = nonzero_1d((overlaps >= start) & (overlaps < end) & in_range);
        bins.push_back(inds.numel() > per_bin ? random_choice(inds, per_bin) : inds);
      }
      iou_sampled = fill_up(at::cat(bins), iou_neg, expected_iou, size);
    } else {
      iou_sampled = random_choice(iou_neg, expected_iou);
    }
  }
  const int64_t expected_floor = expected - iou_sampled.numel();
  auto floor_sampled = floor_neg.numel() > expected_floor ? random_choice(floor_neg, expected_floor) : floor_neg;
  return fill_up(at::cat({floor_sampled, iou_sampled}), neg, expected, size);
}

}  // namespace mmdet4j::core
