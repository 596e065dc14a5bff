// OHEMSampler (Shrivastava et al. 2016): the hardest boxes by the head's classification loss.
// mmdetection's `context` (the RoI head) is the HardnessFn the head passes to sample().

#include "core/bbox/samplers/base_sampler.h"
#include "registry/registry.h"

namespace mmdet4j::core {

namespace {

class OHEMSampler : public Sampler {
 public:
  static Schema schema() {
    return Schema()
        .include(Sampler::schema())
        .optional("loss_key", ParamType::kStr, "loss_cls", "the loss that ranks the boxes (only loss_cls)");
  }

  explicit OHEMSampler(const Options& o) : Sampler(o) {
    // The native heads rank examples by their classification loss only.
    TORCH_CHECK(o.get_string("loss_key") == "loss_cls", o.path_of("loss_key"), ": only 'loss_cls' is supported, got '",
                o.get_string("loss_key"), "'");
  }

 protected:
  at::Tensor sample_pos(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                        const HardnessFn& hardness) const override {
    auto pos = nonzero_1d(assign.gt_inds > 0);
    if (pos.numel() <= expected) return pos;
    return hardest(pos, assign.labels.index_select(0, pos), expected, boxes, hardness);
  }

  at::Tensor sample_neg(const AssignResult& assign, int64_t expected, const at::Tensor& boxes,
                        const HardnessFn& hardness, int64_t background_label) const override {
    auto neg = nonzero_1d(assign.gt_inds == 0);
    if (neg.numel() <= expected) return neg;
    auto labels = at::full({neg.numel()}, background_label, assign.gt_inds.options());
    return hardest(neg, labels, expected, boxes, hardness);
  }

 private:
  static at::Tensor hardest(const at::Tensor& inds, const at::Tensor& labels, int64_t count, const at::Tensor& boxes,
                            const HardnessFn& hardness) {
    TORCH_CHECK(hardness, "OHEMSampler needs the head's loss (a RoI head context)");
    auto loss = hardness(boxes.index_select(0, inds), labels);
    return inds.index_select(0, std::get<1>(loss.topk(count)));
  }
};

const Registrar<Sampler> kOHEMSampler("sampler", "OHEMSampler", OHEMSampler::schema(),
                                      "online hard example mining: the highest-loss boxes",
                                      [](const Options& o) { return std::make_shared<OHEMSampler>(o); });

}  // namespace

}  // namespace mmdet4j::core
