#pragma once
// SSD's L2Norm (mmdetection's necks/ssd_neck.py): each position's channel vector scaled to unit
// L2 norm, then by a learnable per-channel weight that starts at `scale` (20 for conv4_3, whose
// activations are much larger than the deeper levels'). Computed in float32 like mmdetection.

#include <torch/torch.h>

namespace mmdet4j::models {

class L2NormImpl : public torch::nn::Module {
 public:
  L2NormImpl(int64_t channels, double scale, double eps = 1e-10)
      : weight(register_parameter("weight", torch::full({channels}, scale))), eps_(eps) {}
  torch::Tensor forward(const torch::Tensor& x) {
    auto xf = x.to(torch::kFloat);
    auto norm = xf.pow(2).sum(1, /*keepdim=*/true).sqrt() + eps_;
    return (weight.to(torch::kFloat).view({1, -1, 1, 1}) * xf / norm).to(x.scalar_type());
  }
  torch::Tensor weight;

 private:
  double eps_;
};
TORCH_MODULE(L2Norm);

}  // namespace mmdet4j::models
