// IoU-based box losses on decoded (x1, y1, x2, y2) boxes, as mmdetection v2.28 computes them
// (same eps placement): IoULoss (linear, square or log of the IoU; Yu et al. 2016), BoundedIoULoss
// (Tychsen-Smith & Petersson 2018), GIoULoss (Rezatofighi et al. 2019), DIoULoss and CIoULoss
// (Zheng et al. 2020). Each compares aligned pairs of boxes, one loss per box (BoundedIoULoss:
// four), so a head must decode its predictions first (reg_decoded_bbox=True).

#include <cmath>

#include "models/losses/loss.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

torch::Tensor area(const torch::Tensor& b) {
  return (b.select(1, 2) - b.select(1, 0)) * (b.select(1, 3) - b.select(1, 1));
}

// Intersection area of aligned pairs (N,).
torch::Tensor overlap(const torch::Tensor& pred, const torch::Tensor& target) {
  auto wh = (torch::min(pred.narrow(1, 2, 2), target.narrow(1, 2, 2)) -
             torch::max(pred.narrow(1, 0, 2), target.narrow(1, 0, 2)))
                .clamp_min(0);
  return wh.select(1, 0) * wh.select(1, 1);
}

// Width and height (N, 2) of the smallest box enclosing each pair.
torch::Tensor enclosing_wh(const torch::Tensor& pred, const torch::Tensor& target) {
  return (torch::max(pred.narrow(1, 2, 2), target.narrow(1, 2, 2)) -
          torch::min(pred.narrow(1, 0, 2), target.narrow(1, 0, 2)))
      .clamp_min(0);
}

// Squared distance between the centres of each pair.
torch::Tensor centre_distance2(const torch::Tensor& pred, const torch::Tensor& target) {
  auto d = (target.narrow(1, 0, 2) + target.narrow(1, 2, 2)) - (pred.narrow(1, 0, 2) + pred.narrow(1, 2, 2));
  return (d * d).sum(1) / 4;
}

// mmdetection's IoU losses return (pred * weight).sum() when no weight is positive: zero, with zero
// gradients, without evaluating a loss that degenerate boxes carrying no weight could make NaN.
// Undefined when some weight is positive (or none is given).
torch::Tensor zero_if_unweighted(const torch::Tensor& pred, const torch::Tensor& weight) {
  if (!weight.defined() || (weight > 0).any().item<bool>()) return {};
  return (pred * (weight.dim() == 1 ? weight.view({-1, 1}) : weight)).sum();
}

// The losses that take one weight per box. A box weight (N, 4) applies as its mean, as in
// mmdetection; all weights zero give zero_if_unweighted's zero. With reduction='none' the per-box
// losses are returned even then (mmdetection's GIoU, DIoU and CIoU return the scalar zero there).
class IoUFamilyLoss : public Loss {
 public:
  IoUFamilyLoss(std::string type, const Options& o) : Loss(std::move(type), o), eps_(o.get_double("eps")) {
    TORCH_CHECK(eps_ > 0, o.path_of("eps"), ": must be positive, got ", eps_);
  }

  bool compares_boxes() const override { return true; }

  static Schema with_eps(double eps) {
    return Schema()
        .optional("eps", ParamType::kFloat, eps, "keeps areas and ratios away from zero")
        .include(Loss::schema());
  }

 protected:
  torch::Tensor weight_for(const torch::Tensor& weight) const override {
    return weight.defined() && weight.dim() == 2 ? weight.mean(-1) : weight;
  }

  torch::Tensor weighted(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& weight,
                         std::optional<double> avg_factor) const override {
    if (reduction() != "none") {
      if (auto zero = zero_if_unweighted(pred, weight); zero.defined()) return zero;
    }
    return Loss::weighted(pred, target, weight, avg_factor);
  }

  double eps() const { return eps_; }

 private:
  double eps_;
};

class IoULoss : public IoUFamilyLoss {
 public:
  static Schema schema() {
    return with_eps(1e-6)
        .choice("mode", "log", {"linear", "square", "log"}, "loss of the IoU: 1 - IoU, 1 - IoU^2 or -log(IoU)")
        .optional("linear", ParamType::kBool, false, "mmdetection's older spelling of mode='linear'");
  }

  explicit IoULoss(const Options& o)
      : IoUFamilyLoss("IoULoss", o), mode_(o.get_bool("linear") ? "linear" : o.get_string("mode")) {}

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    // mmdetection's bbox_overlaps keeps the union above 1e-6, then the loss clamps the IoU at eps.
    auto inter = overlap(pred, target);
    auto ious = (inter / (area(pred) + area(target) - inter).clamp_min(1e-6)).clamp_min(eps());
    if (mode_ == "linear") return 1 - ious;
    if (mode_ == "square") return 1 - ious * ious;
    return -ious.log();
  }

 private:
  std::string mode_;
};

class GIoULoss : public IoUFamilyLoss {
 public:
  explicit GIoULoss(const Options& o) : IoUFamilyLoss("GIoULoss", o) {}

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    auto inter = overlap(pred, target);
    auto uni = (area(pred) + area(target) - inter).clamp_min(eps());
    auto ewh = enclosing_wh(pred, target);
    auto enclose = (ewh.select(1, 0) * ewh.select(1, 1)).clamp_min(eps());
    return 1 - (inter / uni - (enclose - uni) / enclose);
  }
};

// DIoU and CIoU add eps to the union and the enclosing diagonal instead of clamping them.
class DIoULoss : public IoUFamilyLoss {
 public:
  explicit DIoULoss(const Options& o, std::string type = "DIoULoss") : IoUFamilyLoss(std::move(type), o) {}

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    return 1 - (ious(pred, target) - distance_penalty(pred, target));
  }

  torch::Tensor ious(const torch::Tensor& pred, const torch::Tensor& target) const {
    auto inter = overlap(pred, target);
    return inter / (area(pred) + area(target) - inter + eps());
  }

  torch::Tensor distance_penalty(const torch::Tensor& pred, const torch::Tensor& target) const {
    auto ewh = enclosing_wh(pred, target);
    auto c2 = ewh.select(1, 0).pow(2) + ewh.select(1, 1).pow(2) + eps();
    return centre_distance2(pred, target) / c2;
  }
};

class CIoULoss : public DIoULoss {
 public:
  explicit CIoULoss(const Options& o) : DIoULoss(o, "CIoULoss") {}

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    auto iou = ious(pred, target);
    auto w1 = pred.select(1, 2) - pred.select(1, 0), h1 = pred.select(1, 3) - pred.select(1, 1) + eps();
    auto w2 = target.select(1, 2) - target.select(1, 0), h2 = target.select(1, 3) - target.select(1, 1) + eps();
    auto v = (4 / (M_PI * M_PI)) * (torch::atan(w2 / h2) - torch::atan(w1 / h1)).pow(2);
    torch::Tensor alpha;
    {
      // The aspect-ratio term's weight is a constant, and only counts once the boxes overlap well (IoU > 0.5).
      torch::NoGradGuard no_grad;
      alpha = (iou > 0.5).to(v.dtype()) * v / (1 - iou + v);
    }
    return 1 - (iou - (distance_penalty(pred, target) + alpha * v)).clamp(-1.0, 1.0);
  }
};

// Bounded IoU: per coordinate, an upper bound of 1 - IoU when only that coordinate differs from
// the target's, through a smooth L1 of threshold beta; four losses per box. The target's centre
// and size carry no gradient.
class BoundedIoULoss : public Loss {
 public:
  static Schema schema() {
    return Schema()
        .optional("beta", ParamType::kFloat, 0.2, "below this the smooth L1 is quadratic")
        .optional("eps", ParamType::kFloat, 1e-3, "keeps the ratios away from division by zero")
        .include(Loss::schema());
  }

  explicit BoundedIoULoss(const Options& o)
      : Loss("BoundedIoULoss", o), beta_(o.get_double("beta")), eps_(o.get_double("eps")) {
    TORCH_CHECK(beta_ > 0, o.path_of("beta"), ": must be positive, got ", beta_);
  }

  bool compares_boxes() const override { return true; }

 protected:
  torch::Tensor elementwise(const torch::Tensor& pred, const torch::Tensor& target) const override {
    auto pred_ctr = (pred.narrow(1, 0, 2) + pred.narrow(1, 2, 2)) * 0.5;
    auto pred_wh = pred.narrow(1, 2, 2) - pred.narrow(1, 0, 2);
    const auto t = target.detach();
    auto target_ctr = (t.narrow(1, 0, 2) + t.narrow(1, 2, 2)) * 0.5;
    auto target_wh = t.narrow(1, 2, 2) - t.narrow(1, 0, 2);
    auto d = (target_ctr - pred_ctr).abs();
    auto loss_ctr = 1 - torch::max((target_wh - 2 * d) / (target_wh + 2 * d + eps_), torch::zeros_like(d));
    auto loss_wh = 1 - torch::min(target_wh / (pred_wh + eps_), pred_wh / (target_wh + eps_));
    auto comb = torch::cat({loss_ctr, loss_wh}, 1);  // dx, dy, dw, dh
    return torch::where(comb < beta_, 0.5 * comb * comb / beta_, comb - 0.5 * beta_);
  }

  torch::Tensor weighted(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& weight,
                         std::optional<double> avg_factor) const override {
    if (auto zero = zero_if_unweighted(pred, weight); zero.defined()) return zero;
    return Loss::weighted(pred, target, weight, avg_factor);
  }

 private:
  double beta_, eps_;
};

template <class L>
std::shared_ptr<Loss> make(const Options& o) {
  return std::make_shared<L>(o);
}

const Registrar<Loss> kIoULoss("loss", "IoULoss", IoULoss::schema(),
                               "IoU loss of decoded boxes: 1 - IoU, 1 - IoU^2 or -log IoU "
                               "(needs reg_decoded_bbox=True)",
                               make<IoULoss>);
const Registrar<Loss> kBoundedIoULoss("loss", "BoundedIoULoss", BoundedIoULoss::schema(),
                                      "bounded IoU loss of decoded boxes (needs reg_decoded_bbox=True)",
                                      make<BoundedIoULoss>);
const Registrar<Loss> kGIoULoss("loss", "GIoULoss", IoUFamilyLoss::with_eps(1e-6),
                                "generalised IoU loss of decoded boxes (needs reg_decoded_bbox=True)", make<GIoULoss>);
const Registrar<Loss> kDIoULoss("loss", "DIoULoss", IoUFamilyLoss::with_eps(1e-6),
                                "distance IoU loss of decoded boxes (needs reg_decoded_bbox=True)", make<DIoULoss>);
const Registrar<Loss> kCIoULoss("loss", "CIoULoss", IoUFamilyLoss::with_eps(1e-6),
                                "complete IoU loss of decoded boxes (needs reg_decoded_bbox=True)", make<CIoULoss>);

}  // namespace

}  // namespace mmdet4j::models
