// IoUBalancedNegSampler (Libra R-CNN, Pang et al. 2019): negatives drawn evenly from num_bins IoU
// bins above floor_thr, and floor_fraction of them from below it.

#include "core/bbox/samplers/random_sampler.h"
#include "registry/registry.h"

namespace mmdet4j::core {

namespace {

class IoUBalancedNegSampler : public RandomSampler {
 public:
  static Schema schema() {
    return Schema()
        .include(Sampler::schema())
        .optional("floor_thr", ParamType::kFloat, -1.0, "IoU below which negatives form the floor set (-1: none)")
        .optional("floor_fraction", ParamType::kFloat, 0.0, "share of the negatives taken from the floor set")
        .optional("num_bins", ParamType::kInt, 3, "IoU bins the other negatives are spread over");
  }

  explicit IoUBalancedNegSampler(const Options& o)
      : RandomSampler(o),
        floor_thr_(o.get_double("floor_thr")),
        floor_fraction_(o.get_double("floor_fraction")),
        num_bins_(o.get_int("num_bins")) {
    // mmdetection's own asserts, with the config path.
    TORCH_CHECK(floor_thr_ >= 0 || floor_thr_ == -1, o.path_of("floor_thr"), ": must be >= 0 or -1, got ", floor_thr_);
    TORCH_CHECK(floor_fraction_ >= 0 && floor_fraction_ <= 1, o.path_of("floor_fraction"), ": must be in [0, 1], got ",
                floor_fraction_);
    TORCH_CHECK(num_bins_ >= 1, o.path_of("num_bins"), ": must be at least 1, got ", num_bins_);
  }

 protected:
  at::Tensor sample_neg(const AssignResult& assign, int64_t expected, const at::Tensor&, const HardnessFn&,
                        int64_t) const override {
    auto neg = nonzero_1d(assign.gt_inds == 0);
    if (neg.numel() <= expected) return neg;
    const auto overlaps = assign.max_overlaps;
    const int64_t size = overlaps.size(0);
    auto is_neg = at::zeros({size}, overlaps.options().dtype(at::kBool));
    is_neg.index_put_({neg}, true);
    double floor_thr = floor_thr_;
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
    const auto expected_iou = static_cast<int64_t>(expected * (1 - floor_fraction_));
    at::Tensor iou_sampled = iou_neg;
    if (iou_neg.numel() > expected_iou) {
      if (num_bins_ >= 2) {
        // Equal shares of [floor_thr, max IoU) split into num_bins bins (the maximum itself falls
        // in no bin, as in mmdetection), then topped up from the whole IoU range.
        const double max_iou = overlaps.max().item<double>();
        const double interval = (max_iou - floor_thr) / num_bins_;
        const auto per_bin = static_cast<int64_t>(expected_iou / num_bins_);
        auto in_range = at::zeros({size}, is_neg.options());
        in_range.index_put_({iou_neg}, true);
        std::vector<at::Tensor> bins;
        for (int64_t b = 0; b < num_bins_; ++b) {
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

 private:
  double floor_thr_, floor_fraction_;
  int64_t num_bins_;
};

const Registrar<Sampler> kIoUBalancedNegSampler(
    "sampler", "IoUBalancedNegSampler", IoUBalancedNegSampler::schema(),
    "negatives spread evenly over IoU bins (Libra R-CNN); positives at random",
    [](const Options& o) { return std::make_shared<IoUBalancedNegSampler>(o); });

}  // namespace

}  // namespace mmdet4j::core
