// CombinedSampler (mmdetection v2): positives drawn by one sampler, negatives by another, each
// built from its own dict plus the combined sampler's num, pos_fraction, neg_pos_ub and
// add_gt_as_proposals (where its dict does not give them), as mmdetection's
// build_sampler(pos_sampler, **kwargs) does. Libra R-CNN combines InstanceBalancedPosSampler with
// IoUBalancedNegSampler.

#include "core/bbox/samplers/base_sampler.h"
#include "registry/registry.h"

namespace mmdet4j::core {

class CombinedSampler : public Sampler {
 public:
  static Schema schema() {
    return Schema()
        .required("pos_sampler", ParamType::kDict, "the sampler of the positives (a sampler dict)")
        .required("neg_sampler", ParamType::kDict, "the sampler of the negatives (a sampler dict)")
        .include(Sampler::schema());
  }

  explicit CombinedSampler(const Options& o)
      : Sampler(o), pos_(part(o, "pos_sampler")), neg_(part(o, "neg_sampler")) {}

 protected:
  at::Tensor sample_pos(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                        const HardnessFn& hardness) const override {
    return pos_->sample_pos(assign, expected, boxes, hardness);
  }

  at::Tensor sample_neg(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                        const HardnessFn& hardness, int64_t background_label) const override {
    return neg_->sample_neg(assign, expected, boxes, hardness, background_label);
  }

 private:
  static std::shared_ptr<Sampler> part(const Options& o, const std::string& key) {
    auto cfg = o.sub(key);
    for (const char* shared : {"num", "pos_fraction", "neg_pos_ub", "add_gt_as_proposals"}) {
      if (!cfg.has(shared)) cfg.set(shared, o.get_json(shared));
    }
    return build_sampler(cfg);
  }

  std::shared_ptr<Sampler> pos_, neg_;
};

namespace {

const Registrar<Sampler> kCombinedSampler("sampler", "CombinedSampler", CombinedSampler::schema(),
                                          "positives from pos_sampler, negatives from neg_sampler (Libra R-CNN)",
                                          [](const Options& o) { return std::make_shared<CombinedSampler>(o); });

}  // namespace

}  // namespace mmdet4j::core
