#include "core/bbox/samplers/base_sampler.h"

#include "registry/registry.h"

namespace mmdet4j::core {

namespace {

at::Tensor sorted_unique(const at::Tensor& inds) { return std::get<0>(at::_unique(inds, /*sorted=*/true)); }

// The elements of `all` (1-d indices) that are not in `taken`, as a mask over [0, size).
at::Tensor remaining(const at::Tensor& all, const at::Tensor& taken, int64_t size) {
  auto mask = at::zeros({size}, all.options().dtype(at::kBool));
  mask.index_put_({all}, true);
  if (taken.numel() > 0) mask.index_put_({taken}, false);
  return nonzero_1d(mask);
}

}  // namespace

at::Tensor nonzero_1d(const at::Tensor& mask) { return at::nonzero(mask).view({-1}); }

at::Tensor fill_up(const at::Tensor& sampled, const at::Tensor& pool, int64_t expected, int64_t size) {
  if (sampled.numel() >= expected) return sampled;
  auto extra = remaining(pool, sampled, size);
  const int64_t wanted = expected - sampled.numel();
  if (extra.numel() > wanted) extra = random_choice(extra, wanted);
  return at::cat({sampled, extra});
}

at::Tensor random_choice(const at::Tensor& gallery, int64_t count) {
  TORCH_CHECK(count <= gallery.numel(), "random_choice: ", count, " of ", gallery.numel(), " elements");
  auto perm = at::randperm(gallery.numel(), gallery.options().dtype(at::kLong).device(at::kCPU))
                  .narrow(0, 0, count)
                  .to(gallery.device());
  return gallery.index_select(0, perm);
}

Schema Sampler::schema() {
  return Schema()
      .required("num", ParamType::kInt, "boxes sampled per image")
      .required("pos_fraction", ParamType::kFloat, "upper bound of the positives' share of num")
      .optional("neg_pos_ub", ParamType::kInt, -1, "at most this many negatives per positive (-1: no bound)")
      .optional("add_gt_as_proposals", ParamType::kBool, true, "add the ground truths as positive proposals");
}

Sampler::Sampler(const Options& o)
    : num_(o.get_int("num")),
      pos_fraction_(o.get_double("pos_fraction")),
      neg_pos_ub_(o.get_double("neg_pos_ub")),
      add_gt_as_proposals_(o.get_bool("add_gt_as_proposals")) {
  TORCH_CHECK(num_ > 0, o.path_of("num"), ": must be positive, got ", num_);
  TORCH_CHECK(pos_fraction_ >= 0 && pos_fraction_ <= 1, o.path_of("pos_fraction"), ": must be in [0, 1], got ",
              pos_fraction_);
  TORCH_CHECK(neg_pos_ub_ >= 0 || neg_pos_ub_ == -1, o.path_of("neg_pos_ub"), ": must be -1 (no bound) or >= 0, got ",
              neg_pos_ub_);
}

SamplingResult Sampler::sample(AssignResult assign, const at::Tensor& boxes_in, const at::Tensor& gt_boxes,
                               const at::Tensor& gt_labels, const HardnessFn& hardness,
                               int64_t background_label) const {
  TORCH_CHECK(boxes_in.dim() == 2 && boxes_in.size(1) >= 4, "sampler: boxes must be (B, 4+)");
  auto boxes = boxes_in.narrow(1, 0, 4);
  auto is_gt = at::zeros({boxes.size(0)}, boxes.options().dtype(at::kBool));
  const int64_t g = gt_boxes.size(0);
  if (add_gt_as_proposals_ && g > 0) {
    boxes = at::cat({gt_boxes.to(boxes.scalar_type()), boxes});
    assign.gt_inds = at::cat({at::arange(1, g + 1, assign.gt_inds.options()), assign.gt_inds});
    assign.max_overlaps = at::cat({at::ones({g}, assign.max_overlaps.options()), assign.max_overlaps});
    assign.labels = at::cat({gt_labels.to(assign.labels.scalar_type()), assign.labels});
    is_gt = at::cat({at::ones({g}, is_gt.options()), is_gt});
  }
  const auto expected_pos = static_cast<int64_t>(num_ * pos_fraction_);
  auto pos_inds = sorted_unique(sample_pos(assign, expected_pos, boxes, hardness));
  int64_t expected_neg = num_ - pos_inds.numel();
  if (neg_pos_ub_ >= 0) {
    const auto bound = static_cast<int64_t>(neg_pos_ub_ * std::max<int64_t>(1, pos_inds.numel()));
    expected_neg = std::min(expected_neg, bound);
  }
  auto neg_inds = sorted_unique(sample_neg(assign, expected_neg, boxes, hardness, background_label));
  return result(pos_inds, neg_inds, boxes, is_gt, assign, gt_boxes);
}

SamplingResult Sampler::result(at::Tensor pos_inds, at::Tensor neg_inds, const at::Tensor& boxes,
                               const at::Tensor& is_gt, const AssignResult& assign, const at::Tensor& gt_boxes) {
  SamplingResult r;
  r.pos_inds = std::move(pos_inds);
  r.neg_inds = std::move(neg_inds);
  r.num_gts = gt_boxes.size(0);
  r.pos_boxes = boxes.index_select(0, r.pos_inds);
  r.neg_boxes = boxes.index_select(0, r.neg_inds);
  r.pos_is_gt = is_gt.index_select(0, r.pos_inds);
  r.pos_assigned_gt_inds = assign.gt_inds.index_select(0, r.pos_inds) - 1;
  r.pos_gt_boxes = r.num_gts == 0 ? boxes.new_zeros({0, 4})
                                  : gt_boxes.to(boxes.scalar_type()).index_select(0, r.pos_assigned_gt_inds);
  r.pos_gt_labels = assign.labels.index_select(0, r.pos_inds);
  return r;
}

std::shared_ptr<Sampler> build_sampler(const Options& options) { return build<Sampler>("sampler", options, ""); }

}  // namespace mmdet4j::core
