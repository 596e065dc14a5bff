// InstanceBalancedPosSampler: the positives spread evenly over the ground truths they belong to.

#include <cmath>

#include "core/bbox/samplers/random_sampler.h"
#include "registry/registry.h"

namespace mmdet4j::core {

namespace {

class InstanceBalancedPosSampler : public RandomSampler {
 public:
  using RandomSampler::RandomSampler;

 protected:
  // Up to round(expected / gts) + 1 positives per ground truth, then topped up (or cut) at random.
  at::Tensor sample_pos(const AssignResult& assign, int64_t expected, const at::Tensor&,
                        const HardnessFn&) const override {
    auto pos = nonzero_1d(assign.gt_inds > 0);
    if (pos.numel() <= expected) return pos;
    auto owners = std::get<0>(at::_unique(assign.gt_inds.index_select(0, pos), /*sorted=*/true));
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
};

const Registrar<Sampler> kInstanceBalancedPosSampler(
    "sampler", "InstanceBalancedPosSampler", Sampler::schema(),
    "positives spread evenly over the ground truths; negatives at random",
    [](const Options& o) { return std::make_shared<InstanceBalancedPosSampler>(o); });

}  // namespace

}  // namespace mmdet4j::core
