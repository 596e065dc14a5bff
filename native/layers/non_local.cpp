#include "layers/non_local.h"

#include <algorithm>
#include <cmath>

namespace mmdet4j::models {

NonLocal2dImpl::NonLocal2dImpl(int64_t in_channels, int64_t reduction, bool use_scale)
    : inter_channels_(std::max<int64_t>(in_channels / reduction, 1)), use_scale_(use_scale) {
  g = register_module("g", ConvModule(in_channels, inter_channels_, 1, 1, false));
  conv_out = register_module("conv_out", ConvModule(inter_channels_, in_channels, 1, 1, false));
  theta = register_module("theta", ConvModule(in_channels, inter_channels_, 1, 1, false));
  phi = register_module("phi", ConvModule(in_channels, inter_channels_, 1, 1, false));
  for (auto* m : {&g, &theta, &phi}) init_normal(**m, 0.01);
  torch::NoGradGuard no_grad;
  torch::nn::init::zeros_(conv_out->conv->weight);
  torch::nn::init::zeros_(conv_out->conv->bias);
}

torch::Tensor NonLocal2dImpl::forward(const torch::Tensor& x) {
  const int64_t n = x.size(0);
  auto g_x = g(x).view({n, inter_channels_, -1}).permute({0, 2, 1});          // N, HW, C
  auto theta_x = theta(x).view({n, inter_channels_, -1}).permute({0, 2, 1});  // N, HW, C
  auto phi_x = phi(x).view({n, inter_channels_, -1});                         // N, C, HW
  auto pairwise = torch::matmul(theta_x, phi_x);
  if (use_scale_) pairwise = pairwise / std::sqrt(static_cast<double>(inter_channels_));
  auto y = torch::matmul(pairwise.softmax(-1), g_x);  // N, HW, C
  y = y.permute({0, 2, 1}).contiguous().reshape({n, inter_channels_, x.size(2), x.size(3)});
  return x + conv_out(y);
}

}  // namespace mmdet4j::models
