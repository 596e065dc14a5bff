// ArcLoss: the additive angular margin loss of ArcFace (Deng et al., CVPR 2019) for a cosine
// classifier. The logits are s * cos(theta_j), theta_j the angle between the L2-normalised feature
// and class j's L2-normalised weight (a box head's NormedLinear predictor with tempearture=s and no
// bias); the loss is the softmax cross-entropy after the true class's angle is widened by the
// margin m: s * cos(theta_y + m). Classes then have to be separated by an angle of at least m,
// which makes their clusters compact on the hypersphere, useful where many or similar classes
// must be told apart. Where theta_y + m would pass pi, insightface's fallback
// s * (cos(theta_y) - m * sin(m)) keeps the target logit decreasing in theta_y.
// Test-time scores are the softmax of the plain s * cos(theta) logits.

#include <cmath>

#include "models/losses/loss.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

class ArcLoss : public Loss {
 public:
  static Schema schema() {
    return Schema()
        .optional("scale", ParamType::kFloat, 30.0, "s: the logits are s * cos(theta) (the predictor's tempearture)")
        .optional("margin", ParamType::kFloat, 0.5, "m: the angular margin added to the true class, in radians")
        .include(Loss::schema());
  }

  explicit ArcLoss(const Options& o) : Loss("ArcLoss", o), scale_(o.get_double("scale")), margin_(o.get_double("margin")) {
    TORCH_CHECK(scale_ > 0, o.path_of("scale"), ": must be positive, got ", scale_);
    TORCH_CHECK(margin_ >= 0 && margin_ < M_PI / 2, o.path_of("margin"), ": must be in [0, pi/2), got ", margin_);
  }

  std::optional<double> cosine_scale() const override { return scale_; }

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    TORCH_CHECK(pred.dim() == 2 && target.dim() == 1 && target.size(0) == pred.size(0),
                "ArcLoss: logits (N, C) and labels (N,) expected, got ", pred.sizes(), " and ", target.sizes());
    auto cos = (pred / scale_).clamp(-1, 1);
    auto labels = target.to(torch::kLong).unsqueeze(1);
    auto cos_y = cos.gather(1, labels);
    // sin(theta) >= 0 for theta in [0, pi]; clamped away from 0, where its gradient is infinite.
    auto sin_y = (1 - cos_y * cos_y).clamp_min(1e-12).sqrt();
    auto widened = cos_y * std::cos(margin_) - sin_y * std::sin(margin_);
    widened = torch::where(cos_y > std::cos(M_PI - margin_), widened, cos_y - std::sin(M_PI - margin_) * margin_);
    auto logits = cos.scatter(1, labels, widened) * scale_;
    return torch::nn::functional::cross_entropy(
        logits, target.to(torch::kLong), torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
  }

 private:
  double scale_, margin_;
};

const Registrar<Loss> kArcLoss("loss", "ArcLoss", ArcLoss::schema(),
                               "additive angular margin (ArcFace) softmax loss for a cosine classifier",
                               [](const Options& o) { return std::make_shared<ArcLoss>(o); });

}  // namespace

}  // namespace mmdet4j::models
