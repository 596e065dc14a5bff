// SmoothL1Loss (Fast R-CNN's Huber-like box loss, with mmdetection's beta) and L1Loss.

#include "models/losses/loss.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

class SmoothL1Loss : public Loss {
 public:
  static Schema schema() {
    return Schema()
        .optional("beta", ParamType::kFloat, 1.0, "below this |difference| the loss is quadratic")
        .include(Loss::schema());
  }

  explicit SmoothL1Loss(const Options& o) : Loss("SmoothL1Loss", o), beta_(o.get_double("beta")) {
    TORCH_CHECK(beta_ > 0, o.path_of("beta"), ": must be positive, got ", beta_);
  }

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    auto diff = (pred - target).abs();
    return torch::where(diff < beta_, 0.5 * diff * diff / beta_, diff - 0.5 * beta_);
  }

 private:
  double beta_;
};

class L1Loss : public Loss {
 public:
  explicit L1Loss(const Options& o) : Loss("L1Loss", o) {}

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    return (pred - target).abs();
  }
};

const Registrar<Loss> kSmoothL1Loss("loss", "SmoothL1Loss", SmoothL1Loss::schema(), "smooth L1 box loss",
                                    [](const Options& o) { return std::make_shared<SmoothL1Loss>(o); });
const Registrar<Loss> kL1Loss("loss", "L1Loss", Loss::schema(), "L1 box loss",
                              [](const Options& o) { return std::make_shared<L1Loss>(o); });

}  // namespace

}  // namespace mmdet4j::models
