// PseudoSampler: every assigned box is used (dense heads trained with a focal loss).

#include "core/bbox/samplers/base_sampler.h"
#include "registry/registry.h"

namespace mmdet4j::core {

namespace {

class PseudoSampler : public Sampler {
 public:
  // No ground truths join the boxes and nothing is drawn, so the indices stay sorted and unique
  // without the base class's sort (dense heads pass ~10^5 anchors).
  SamplingResult sample(AssignResult assign, const at::Tensor& boxes_in, const at::Tensor& gt_boxes,
                        const at::Tensor&, const HardnessFn&, int64_t) const override {
    TORCH_CHECK(boxes_in.dim() == 2 && boxes_in.size(1) >= 4, "sampler: boxes must be (B, 4+)");
    auto boxes = boxes_in.narrow(1, 0, 4);
    auto is_gt = at::zeros({boxes.size(0)}, boxes.options().dtype(at::kBool));
    return result(nonzero_1d(assign.gt_inds > 0), nonzero_1d(assign.gt_inds == 0), boxes, is_gt, assign, gt_boxes);
  }

 protected:
  at::Tensor sample_pos(const AssignResult& assign, int64_t, const at::Tensor&, const HardnessFn&) const override {
    return nonzero_1d(assign.gt_inds > 0);
  }
  at::Tensor sample_neg(const AssignResult& assign, int64_t, const at::Tensor&, const HardnessFn&,
                        int64_t) const override {
    return nonzero_1d(assign.gt_inds == 0);
  }
};

const Registrar<Sampler> kPseudoSampler("sampler", "PseudoSampler", Schema(), "every assigned box, nothing drawn",
                                        [](const Options&) { return std::make_shared<PseudoSampler>(); });

}  // namespace

}  // namespace mmdet4j::core
