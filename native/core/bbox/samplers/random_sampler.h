#pragma once
// RandomSampler: positives and negatives drawn uniformly; the samplers that balance one side
// (InstanceBalancedPosSampler, IoUBalancedNegSampler) derive from it, as in mmdetection.

#include "core/bbox/samplers/base_sampler.h"

namespace mmdet4j::core {

class RandomSampler : public Sampler {
 public:
  explicit RandomSampler(const Options& options) : Sampler(options) {}

 protected:
  at::Tensor sample_pos(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                        const HardnessFn& hardness) const override;
  at::Tensor sample_neg(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                        const HardnessFn& hardness, int64_t background_label) const override;
};

}  // namespace mmdet4j::core
