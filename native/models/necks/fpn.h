#pragma once
// Feature Pyramid Network (Lin et al. 2017) as mmdetection v2's FPN neck: names
// lateral_convs.i.conv and fpn_convs.i.conv (mmcv ConvModule wraps its conv as ".conv").

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/options.h"

namespace mmdet4j::models {

struct FPNOptions {
  std::vector<int64_t> in_channels;
  int64_t out_channels = 256;
  int64_t num_outs = 5;
  int64_t start_level = 0;
  int64_t end_level = -1;                 // inclusive; -1 = last input level
  std::string add_extra_convs = "none";   // none | on_input | on_lateral | on_output
  bool relu_before_extra_convs = false;

  static FPNOptions from(const Options& o);
};

class FPNImpl : public torch::nn::Module {
 public:
  explicit FPNImpl(const FPNOptions& options);
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs);

 private:
  FPNOptions options_;
  int64_t backbone_end_level_;
  torch::nn::ModuleList lateral_convs_, fpn_convs_;
};
TORCH_MODULE(FPN);

// A mmcv ConvModule without norm: a conv registered as ".conv", optionally followed by ReLU.
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

}  // namespace mmdet4j::models
