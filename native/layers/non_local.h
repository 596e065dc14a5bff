#pragma once
// mmcv's NonLocal2d (Wang et al., "Non-local Neural Networks", 2018) in its embedded-Gaussian
// form, as Libra R-CNN's BFP refines with it: y = x + conv_out(softmax(theta(x)^T phi(x)) g(x)),
// all four 1x1 ConvModules without norm or activation (state_dict: g.conv, theta.conv, phi.conv,
// conv_out.conv). mmcv initialises g, theta and phi with normal(0, 0.01) and conv_out with
// zeros, so a fresh block is the identity.

#include <torch/torch.h>

#include "layers/conv_module.h"

namespace mmdet4j::models {

class NonLocal2dImpl : public torch::nn::Module {
 public:
  // reduction: inter channels = max(in_channels / reduction, 1); use_scale: divide the pairwise
  // weights by sqrt(inter channels) before the softmax.
  NonLocal2dImpl(int64_t in_channels, int64_t reduction, bool use_scale);
  torch::Tensor forward(const torch::Tensor& x);

  ConvModule g{nullptr}, theta{nullptr}, phi{nullptr}, conv_out{nullptr};

 private:
  int64_t inter_channels_;
  bool use_scale_;
};
TORCH_MODULE(NonLocal2d);

}  // namespace mmdet4j::models
