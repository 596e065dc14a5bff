#include "layers/conv_bn_fold.h"

#include <array>
#include <atomic>
#include <mutex>
#include <variant>

namespace mmdet4j::models {
namespace {

thread_local bool folding_enabled = true;

// A tensor's identity, storage and in-place version: a copy_ into it (loading a checkpoint) or a
// replacement (moving the module) changes one of them. Inference tensors have no version
// counter; they cannot change outside inference mode. Not every update shows here: LibTorch's
// SGD writes through p.data(), whose version counter is not the parameter's, and batch norm
// updates its running statistics inside its kernel. Those happen only after a forward pass that
// does not fold, which marks the fold stale (Cache::stale).
struct Stamp {
  const void* impl = nullptr;
  const void* data = nullptr;
  int64_t version = -1;
  bool operator==(const Stamp& o) const { return impl == o.impl && data == o.data && version == o.version; }
};

Stamp stamp_of(const torch::Tensor& t) {
  if (!t.defined()) return {};
  return {t.unsafeGetTensorImpl(), t.data_ptr(), t.is_inference() ? -1 : static_cast<int64_t>(t._version())};
}

}  // namespace

struct ConvBnFold::Cache {
  std::mutex mutex;  // detectors may evaluate on several threads at once
  std::array<Stamp, 6> stamps;
  torch::Tensor weight, bias;
  // Set by every forward pass that does not fold (training, or recording gradients): an optimizer
  // step or a running-statistics update may follow it without changing any stamp.
  std::atomic<bool> stale{false};
};

ConvBnFold::ConvBnFold() : cache_(std::make_shared<Cache>()) {}

torch::Tensor ConvBnFold::forward(torch::nn::Conv2dImpl& conv, torch::nn::BatchNorm2dImpl& bn,
                                  const torch::Tensor& x) {
  const auto* padding = std::get_if<torch::ExpandingArray<2>>(&conv.options.padding());
  const bool foldable = folding_enabled && !bn.is_training() && !torch::GradMode::is_enabled() &&
                        bn.options.track_running_stats() && padding != nullptr &&
                        std::holds_alternative<torch::enumtype::kZeros>(conv.options.padding_mode());
  if (!foldable) {
    cache_->stale.store(true, std::memory_order_relaxed);
    return bn.forward(conv.forward(x));
  }
  const std::array<Stamp, 6> stamps{stamp_of(conv.weight), stamp_of(conv.bias),         stamp_of(bn.weight),
                                    stamp_of(bn.bias),     stamp_of(bn.running_mean), stamp_of(bn.running_var)};
  torch::Tensor weight, bias;
  {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (!cache_->weight.defined() || cache_->stamps != stamps || cache_->stale.exchange(false)) {
      // In float64, so that the folded layer differs from the two layers by rounding only.
      const auto f64 = torch::kFloat64;
      auto scale = (bn.running_var.to(f64) + bn.options.eps()).rsqrt();
      if (bn.weight.defined()) scale = scale * bn.weight.to(f64);
      auto shift = conv.bias.defined() ? conv.bias.to(f64) - bn.running_mean.to(f64) : -bn.running_mean.to(f64);
      shift = shift * scale;
      if (bn.bias.defined()) shift = shift + bn.bias.to(f64);
      cache_->weight = (conv.weight.to(f64) * scale.view({-1, 1, 1, 1}))
                           .to(conv.weight.scalar_type())
                           .contiguous(conv.weight.suggest_memory_format());
      cache_->bias = shift.to(conv.weight.scalar_type());
      cache_->stamps = stamps;
    }
    weight = cache_->weight;
    bias = cache_->bias;
  }
  return torch::conv2d(x, weight, bias, *conv.options.stride(), **padding, *conv.options.dilation(),
                       conv.options.groups());
}

NoBatchNormFolding::NoBatchNormFolding() : previous_(folding_enabled) { folding_enabled = false; }

NoBatchNormFolding::~NoBatchNormFolding() { folding_enabled = previous_; }

}  // namespace mmdet4j::models
