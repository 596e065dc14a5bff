#pragma once
// Building blocks shared by necks and heads: mmcv's ConvModule (without norm so far) and the
// weight initialisers mmcv applies per layer.

#include <torch/torch.h>

namespace mmdet4j::models {

// A mmcv ConvModule without norm: a conv registered as ".conv" (so state_dict keys read
// "lateral_convs.0.conv.weight"), optionally followed by ReLU.
class ConvModuleImpl : public torch::nn::Module {
 public:
  ConvModuleImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, bool relu);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv2d conv{nullptr};

 private:
  bool relu_;
};
TORCH_MODULE(ConvModule);

// Normal(0, std) for every weight of `module`, zero biases (mmcv's normal_init on each layer).
void init_normal(torch::nn::Module& module, double std);

// Xavier-uniform weights, zero biases (mmcv's xavier_init with distribution='uniform').
void init_xavier_uniform(torch::nn::Module& module);

}  // namespace mmdet4j::models
