#include "core/bbox/samplers/random_sampler.h"

#include "registry/registry.h"

namespace mmdet4j::core {

at::Tensor RandomSampler::sample_pos(const AssignResult& assign, int64_t expected, const at::Tensor&,
                                     const HardnessFn&) const {
  auto pos = nonzero_1d(assign.gt_inds > 0);
  return pos.numel() <= expected ? pos : random_choice(pos, expected);
}

at::Tensor RandomSampler::sample_neg(const AssignResult& assign, int64_t expected, const at::Tensor&,
                                     const HardnessFn&, int64_t) const {
  auto neg = nonzero_1d(assign.gt_inds == 0);
  return neg.numel() <= expected ? neg : random_choice(neg, expected);
}

namespace {

const Registrar<Sampler> kRandomSampler("sampler", "RandomSampler", Sampler::schema(),
                                        "positives and negatives drawn uniformly",
                                        [](const Options& o) { return std::make_shared<RandomSampler>(o); });

}  // namespace

}  // namespace mmdet4j::core
