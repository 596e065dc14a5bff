// FocalLoss (Lin et al. 2017, eq. 5) on sigmoid logits, through the sigmoid_focal_loss op.

#include "models/losses/loss.h"
#include "ops/sigmoid_focal_loss.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

class FocalLoss : public Loss {
 public:
  static Schema schema() {
    return Schema()
        .optional("use_sigmoid", ParamType::kBool, true, "only True: the focal loss of sigmoid logits")
        .optional("gamma", ParamType::kFloat, 2.0, "focusing parameter")
        .optional("alpha", ParamType::kFloat, 0.25, "weight of the positive class")
        .include(Loss::schema());
  }

  explicit FocalLoss(const Options& o)
      : Loss("FocalLoss", o), gamma_(o.get_double("gamma")), alpha_(o.get_double("alpha")) {
    TORCH_CHECK(o.get_bool("use_sigmoid"), o.path_of("use_sigmoid"), ": FocalLoss supports use_sigmoid=True only");
  }

  bool use_sigmoid() const override { return true; }
  bool balances_examples() const override { return true; }

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    return ops::sigmoid_focal_loss(pred, target, std::nullopt, gamma_, alpha_);
  }

 private:
  double gamma_, alpha_;
};

const Registrar<Loss> kFocalLoss("loss", "FocalLoss", FocalLoss::schema(),
                                 "focal loss of sigmoid class logits (RetinaNet)",
                                 [](const Options& o) { return std::make_shared<FocalLoss>(o); });

}  // namespace

}  // namespace mmdet4j::models
