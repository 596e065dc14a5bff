// IoU-based box losses on decoded (x1, y1, x2, y2) boxes: GIoULoss (Rezatofighi et al. 2019).

#include "models/losses/loss.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

class GIoULoss : public Loss {
 public:
  static Schema schema() {
    return Schema()
        .optional("eps", ParamType::kFloat, 1e-6, "lower bound of the union and enclosing areas")
        .include(Loss::schema());
  }

  explicit GIoULoss(const Options& o) : Loss("GIoULoss", o), eps_(o.get_double("eps")) {}

  bool compares_boxes() const override { return true; }

 protected:
  // 1 - GIoU of aligned pairs (N,); differentiable through torch ops.
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    auto lt = torch::max(pred.narrow(1, 0, 2), target.narrow(1, 0, 2));
    auto rb = torch::min(pred.narrow(1, 2, 2), target.narrow(1, 2, 2));
    auto wh = (rb - lt).clamp_min(0);
    auto overlap = wh.select(1, 0) * wh.select(1, 1);
    auto area_p = (pred.select(1, 2) - pred.select(1, 0)) * (pred.select(1, 3) - pred.select(1, 1));
    auto area_t = (target.select(1, 2) - target.select(1, 0)) * (target.select(1, 3) - target.select(1, 1));
    auto uni = (area_p + area_t - overlap).clamp_min(eps_);
    auto ious = overlap / uni;
    auto elt = torch::min(pred.narrow(1, 0, 2), target.narrow(1, 0, 2));
    auto erb = torch::max(pred.narrow(1, 2, 2), target.narrow(1, 2, 2));
    auto ewh = (erb - elt).clamp_min(0);
    auto enclose = (ewh.select(1, 0) * ewh.select(1, 1)).clamp_min(eps_);
    return 1 - (ious - (enclose - uni) / enclose);
  }

  // A box weight (N, 4) applies per box, as mmdetection's GIoULoss takes weight.mean(-1).
  torch::Tensor weight_for(const torch::Tensor& weight) const override {
    return weight.defined() && weight.dim() == 2 ? weight.mean(-1) : weight;
  }

 private:
  double eps_;
};

const Registrar<Loss> kGIoULoss("loss", "GIoULoss", GIoULoss::schema(),
                                "generalised IoU loss of decoded boxes (needs reg_decoded_bbox=True)",
                                [](const Options& o) { return std::make_shared<GIoULoss>(o); });

}  // namespace

}  // namespace mmdet4j::models
