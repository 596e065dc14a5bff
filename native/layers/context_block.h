#pragma once
// mmcv's ContextBlock, the global context (GC) block of GCNet (Cao et al. 2019): a context
// vector pooled over the whole map (softmax attention, or the average) is transformed by a
// bottleneck (1x1 conv, LayerNorm, ReLU, 1x1 conv) and added to every position (channel_add)
// and/or multiplies it through a sigmoid (channel_mul). state_dict: conv_mask.*,
// channel_add_conv.{0,1,3}.*, channel_mul_conv.{0,1,3}.*.

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/options.h"

namespace mmdet4j::models {

struct ContextBlockOptions {
  int64_t in_channels = 0;
  double ratio = 1.0 / 16;
  bool attention_pooling = true;  // pooling_type 'att' (else 'avg')
  bool channel_add = true;
  bool channel_mul = false;

  // From a plugin cfg `dict(type='ContextBlock', ratio, pooling_type, fusion_types)`.
  static ContextBlockOptions from(const Options& cfg, int64_t in_channels);
};

class ContextBlockImpl : public torch::nn::Module {
 public:
  explicit ContextBlockImpl(const ContextBlockOptions& options);
  torch::Tensor forward(const torch::Tensor& x);
  // mmcv's initialisation: conv_mask Kaiming (fan_in), the transforms' last convs zero (the block
  // starts as the identity), the rest PyTorch's defaults.
  void reset_parameters();

  torch::nn::Conv2d conv_mask{nullptr};
  torch::nn::Sequential channel_add_conv{nullptr}, channel_mul_conv{nullptr};

 private:
  torch::Tensor context(const torch::Tensor& x);
  bool attention_pooling_;
};
TORCH_MODULE(ContextBlock);

}  // namespace mmdet4j::models
