// Operator mmdet4j::loss_sequence: any loss of registry "loss", built from its config (a JSON
// object such as {"type": "GHMC", "bins": 30}), applied to a sequence of inputs in order. It lets
// Python check a loss against a reference (values, and gradients through autograd), including a
// loss whose state carries from call to call (GHM's running bin counts); it returns the losses
// and, after the last call, the loss's buffers in registration order.

#include <torch/library.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/options.h"
#include "models/losses/loss.h"

namespace mmdet4j::models {

namespace {

std::tuple<std::vector<at::Tensor>, std::vector<at::Tensor>> loss_sequence(
    std::string config, at::TensorList preds, at::TensorList targets,
    const c10::List<std::optional<at::Tensor>>& weights, std::optional<double> avg_factor) {
  TORCH_CHECK(targets.size() == preds.size() && weights.size() == preds.size(),
              "loss_sequence: one target and one weight (or None) per prediction, got ", preds.size(),
              " predictions, ", targets.size(), " targets and ", weights.size(), " weights");
  const auto loss = build_loss(Options::parse(config, "loss"));
  std::vector<at::Tensor> losses;
  for (size_t i = 0; i < preds.size(); ++i) {
    const std::optional<at::Tensor> weight = weights.get(i);
    losses.push_back((*loss)(preds[i], targets[i], weight.value_or(at::Tensor()), avg_factor));
  }
  std::vector<at::Tensor> buffers;
  for (const auto& b : loss->buffers()) buffers.push_back(b.clone());
  return {losses, buffers};
}

}  // namespace

TORCH_LIBRARY_FRAGMENT(mmdet4j, m) {
  m.def("loss_sequence(str config, Tensor[] preds, Tensor[] targets, Tensor?[] weights, float? avg_factor=None) "
        "-> (Tensor[], Tensor[])",
        &loss_sequence);
}

}  // namespace mmdet4j::models
