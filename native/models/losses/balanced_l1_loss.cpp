// BalancedL1Loss (Libra R-CNN, Pang et al. 2019, eq. 8): below beta a logarithmic curve that
// raises the gradient of inliers (accurate boxes), above it linear with slope gamma; alpha and
// gamma fix b = e^(gamma / alpha) - 1 so that the two pieces meet.

#include <cmath>

#include "models/losses/loss.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

class BalancedL1Loss : public Loss {
 public:
  static Schema schema() {
    return Schema()
        .optional("alpha", ParamType::kFloat, 0.5, "gradient boost of inliers (smaller: more)")
        .optional("gamma", ParamType::kFloat, 1.5, "gradient of outliers (the linear piece's slope)")
        .optional("beta", ParamType::kFloat, 1.0, "|difference| where the log piece meets the linear one")
        .include(Loss::schema());
  }

  explicit BalancedL1Loss(const Options& o)
      : Loss("BalancedL1Loss", o),
        alpha_(o.get_double("alpha")),
        gamma_(o.get_double("gamma")),
        beta_(o.get_double("beta")) {
    TORCH_CHECK(beta_ > 0, o.path_of("beta"), ": must be positive, got ", beta_);
    TORCH_CHECK(alpha_ > 0, o.path_of("alpha"), ": must be positive, got ", alpha_);
  }

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    const auto diff = (pred - target).abs();
    const double b = std::exp(gamma_ / alpha_) - 1;
    return torch::where(diff < beta_, alpha_ / b * (b * diff + 1) * torch::log(b * diff / beta_ + 1) - alpha_ * diff,
                        gamma_ * diff + gamma_ / b - alpha_ * beta_);
  }

 private:
  double alpha_, gamma_, beta_;
};

const Registrar<Loss> kBalancedL1Loss("loss", "BalancedL1Loss", BalancedL1Loss::schema(),
                                      "balanced L1 box loss (Libra R-CNN): more gradient for accurate boxes",
                                      [](const Options& o) { return std::make_shared<BalancedL1Loss>(o); });

}  // namespace

}  // namespace mmdet4j::models
