// Gradient harmonizing losses (Li et al., "Gradient Harmonized Single-stage Detector", AAAI
// 2019) as mmdetection v2 computes them: each element is weighted by the inverse of how many
// elements share its gradient norm g (counted in `bins` equal bins of [0, 1]), so that the many
// easy examples and the few outliers do not dominate. With momentum > 0 the bin counts are a
// running average over calls (buffer acc_sum), kept in the head's state_dict as in mmdetection
// (bbox_head.loss_cls.acc_sum, with the bin edges in .edges).

#include "models/losses/loss.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

// The part GHM-C and GHM-R share: bin edges, the running counts and the harmonizing weights.
class GHMLoss : public Loss {
 public:
  // last_edge: the top bin edge (GHM-R: 1e3); 0 keeps it at 1 + 1e-6 (GHM-C, whose g is at most 1).
  GHMLoss(std::string type, const Options& o, double last_edge)
      : Loss(std::move(type), o), bins_(o.get_int("bins")), momentum_(o.get_double("momentum")) {
    TORCH_CHECK(bins_ > 0, o.path_of("bins"), ": must be positive, got ", bins_);
    TORCH_CHECK(momentum_ >= 0 && momentum_ < 1, o.path_of("momentum"), ": must be in [0, 1), got ", momentum_);
    // float32 buffers, as mmdetection registers them.
    auto edges = torch::arange(bins_ + 1, torch::kFloat) / static_cast<double>(bins_);
    if (last_edge > 0) {
      edges[bins_] = last_edge;
    } else {
      edges[bins_] += 1e-6;
    }
    edges_ = register_buffer("edges", edges);
    if (momentum_ > 0) acc_sum_ = register_buffer("acc_sum", torch::zeros({bins_}, torch::kFloat));
  }

 protected:
  // Per element: the number of valid elements (tot) over the (running) count of its bin, divided
  // by the number of non-empty bins; 0 for invalid elements.
  torch::Tensor harmonizing_weights(const torch::Tensor& g, const torch::Tensor& valid, double tot) const {
    auto weights = torch::zeros_like(g);
    int64_t filled = 0;
    for (int64_t i = 0; i < bins_; ++i) {
      auto in_bin = (g >= edges_[i]) & (g < edges_[i + 1]) & valid;
      const auto count = in_bin.sum().item<int64_t>();
      if (count == 0) continue;
      ++filled;
      if (momentum_ > 0) {
        torch::NoGradGuard no_grad;
        acc_sum_[i].copy_(momentum_ * acc_sum_[i] + (1 - momentum_) * static_cast<double>(count));
        weights.index_put_({in_bin}, tot / acc_sum_[i]);
      } else {
        weights.index_put_({in_bin}, tot / static_cast<double>(count));
      }
    }
    return filled > 0 ? weights / static_cast<double>(filled) : weights;
  }

  static Schema ghm_schema(int64_t bins, double momentum) {
    return Schema()
        .optional("bins", ParamType::kInt, bins, "number of equal bins of the gradient norm in [0, 1]")
        .optional("momentum", ParamType::kFloat, momentum,
                  "running average of the bin counts over calls (0: this call's counts only)");
  }

 private:
  int64_t bins_;
  double momentum_;
  torch::Tensor edges_, acc_sum_;
};

// GHM-C: sigmoid binary cross-entropy with harmonizing weights, g = |sigmoid(x) - target|.
class GHMC : public GHMLoss {
 public:
  static Schema schema() {
    return ghm_schema(10, 0.0)
        .optional("use_sigmoid", ParamType::kBool, true, "only True: binary cross-entropy of sigmoid logits")
        .include(Loss::schema());
  }

  explicit GHMC(const Options& o) : GHMLoss("GHMC", o, 0) {
    TORCH_CHECK(o.get_bool("use_sigmoid"), o.path_of("use_sigmoid"), ": GHMC supports use_sigmoid=True only");
  }

  bool use_sigmoid() const override { return true; }
  bool balances_examples() const override { return true; }

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    return torch::binary_cross_entropy_with_logits(pred, one_hot(target, pred), {}, {}, at::Reduction::None);
  }

  // mmdetection averages over the valid elements (tot) whatever avg_factor the head passes.
  torch::Tensor weighted(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& label_weight,
                         std::optional<double> /*avg_factor*/) const override {
    const auto t = one_hot(target, pred);
    auto w = label_weight.defined() ? label_weight.to(pred.dtype()) : torch::ones_like(pred);
    if (w.dim() == 1) w = w.view({-1, 1}).expand_as(pred);
    const auto valid = w > 0;
    const double tot = std::max(valid.sum().item<double>(), 1.0);
    const auto g = (pred.detach().sigmoid() - t).abs();
    const auto weights = harmonizing_weights(g, valid, tot);
    auto loss = torch::binary_cross_entropy_with_logits(pred, t, {}, {}, at::Reduction::None);
    return weight_reduce_loss(loss, weights, reduction(), tot);
  }

 private:
  // Labels (N,) with num_classes = background as binary targets (N, C), as mmdetection expands them.
  static torch::Tensor one_hot(const torch::Tensor& target, const torch::Tensor& pred) {
    if (target.dim() == pred.dim()) return target.to(pred.dtype());
    const int64_t classes = pred.size(-1);
    auto t = torch::zeros_like(pred);
    auto fg = torch::nonzero((target >= 0) & (target < classes)).view(-1);
    if (fg.numel() > 0) t.index_put_({fg, target.index_select(0, fg)}, 1.0);
    return t;
  }
};

// GHM-R: the authentic smooth L1 loss sqrt(d^2 + mu^2) - mu with harmonizing weights,
// g = |d| / sqrt(d^2 + mu^2).
class GHMR : public GHMLoss {
 public:
  static Schema schema() {
    return ghm_schema(10, 0.0)
        .optional("mu", ParamType::kFloat, 0.02, "the authentic smooth L1 loss's smoothing parameter")
        .include(Loss::schema());
  }

  explicit GHMR(const Options& o) : GHMLoss("GHMR", o, 1e3), mu_(o.get_double("mu")) {
    TORCH_CHECK(mu_ > 0, o.path_of("mu"), ": must be positive, got ", mu_);
  }

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    const auto d = pred - target;
    return torch::sqrt(d * d + mu_ * mu_) - mu_;
  }

  // mmdetection averages over the sum of the label weights (tot) whatever avg_factor the head passes.
  torch::Tensor weighted(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& label_weight,
                         std::optional<double> /*avg_factor*/) const override {
    const auto w = label_weight.defined() ? label_weight.to(pred.dtype()) : torch::ones_like(pred);
    const double tot = std::max(w.to(torch::kFloat).sum().item<double>(), 1.0);  // summed in float32, as mmdetection
    const auto d = pred - target;
    const auto g = (d / torch::sqrt(mu_ * mu_ + d * d)).abs().detach();
    const auto weights = harmonizing_weights(g, w > 0, tot);
    return weight_reduce_loss(elementwise(pred, target), weights, reduction(), tot);
  }

 private:
  double mu_;
};

const Registrar<Loss> kGHMC("loss", "GHMC", GHMC::schema(),
                            "gradient harmonizing classification loss (sigmoid BCE weighted by gradient density)",
                            [](const Options& o) { return std::make_shared<GHMC>(o); });
const Registrar<Loss> kGHMR("loss", "GHMR", GHMR::schema(),
                            "gradient harmonizing regression loss (authentic smooth L1 weighted by gradient density)",
                            [](const Options& o) { return std::make_shared<GHMR>(o); });

}  // namespace

}  // namespace mmdet4j::models
