#include "models/losses/cross_entropy_loss.h"

#include "registry/registry.h"

namespace mmdet4j::models {

Schema CrossEntropyLoss::schema() {
  return Schema()
      .optional("use_sigmoid", ParamType::kBool, false, "one sigmoid per class instead of a softmax")
      .optional("use_mask", ParamType::kBool, false, "per-pixel mask loss of a mask head")
      .optional("class_weight", ParamType::kFloatList, nullptr, "only None: per-class weights are not supported")
      .include(Loss::schema());
}

CrossEntropyLoss::CrossEntropyLoss(const Options& o)
    : Loss("CrossEntropyLoss", o),
      use_sigmoid_(o.get_bool("use_sigmoid")),
      use_mask_(o.get_bool("use_mask")),
      loss_weight_(o.get_double("loss_weight")) {
  // mmdetection asserts the same: the two select different loss functions.
  TORCH_CHECK(!(use_sigmoid_ && use_mask_), o.path(), ": use_sigmoid and use_mask cannot both be True");
  o.require_none("class_weight", "not supported natively");
}

torch::Tensor CrossEntropyLoss::elementwise(const torch::Tensor& pred, const torch::Tensor& target) const {
  TORCH_CHECK(!use_mask_, "CrossEntropyLoss(use_mask=True) is a mask loss: call mask()");
  if (use_sigmoid_ && pred.dim() == target.dim()) {
    // Targets of the logits' shape are probabilities (FCOS's centerness), as mmdetection's
    // binary_cross_entropy takes a label of the prediction's rank.
    return torch::binary_cross_entropy_with_logits(pred, target.to(pred.scalar_type()), {}, {}, at::Reduction::None);
  }
  if (use_sigmoid_) {
    const int64_t c = pred.size(1);
    auto onehot = torch::one_hot(target, c + 1).narrow(1, 0, c).to(pred.scalar_type());
    return torch::binary_cross_entropy_with_logits(pred, onehot, {}, {}, at::Reduction::None);
  }
  return torch::nn::functional::cross_entropy(
      pred, target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
}

torch::Tensor CrossEntropyLoss::mask(const torch::Tensor& pred, const torch::Tensor& target,
                                     const torch::Tensor& labels) const {
  TORCH_CHECK(use_mask_, "a mask loss needs CrossEntropyLoss(use_mask=True)");
  TORCH_CHECK(pred.dim() == 4 && target.dim() == 3 && labels.dim() == 1 && pred.size(0) == target.size(0) &&
                  labels.size(0) == pred.size(0),
              "mask loss: logits (R, C, h, w), targets (R, h, w) and labels (R,) expected, got ", pred.sizes(), ", ",
              target.sizes(), ", ", labels.sizes());
  if (pred.size(0) == 0) return pred.sum();
  auto rows = torch::arange(pred.size(0), labels.options());
  auto logits = pred.index({rows, labels});
  return loss_weight_ *
         torch::binary_cross_entropy_with_logits(logits, target.to(logits.scalar_type()), {}, {}, at::Reduction::Mean);
}

namespace {

const Registrar<Loss> kCrossEntropyLoss("loss", "CrossEntropyLoss", CrossEntropyLoss::schema(),
                                        "softmax, per-class sigmoid or mask cross-entropy",
                                        [](const Options& o) { return std::make_shared<CrossEntropyLoss>(o); });

}  // namespace

}  // namespace mmdet4j::models
