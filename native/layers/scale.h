#pragma once
// mmcv's Scale: one learnable scalar multiplying its input (FCOS learns one per FPN level so that
// a head shared across levels can regress distances of each level's size). The parameter is a
// 0-d tensor named "scale", as in mmcv's state_dict ("bbox_head.scales.0.scale").

#include <torch/torch.h>

namespace mmdet4j::models {

class ScaleImpl : public torch::nn::Module {
 public:
  explicit ScaleImpl(double value = 1.0) : scale(register_parameter("scale", torch::tensor(value))) {}
  torch::Tensor forward(const torch::Tensor& x) { return x * scale; }
  torch::Tensor scale;
};
TORCH_MODULE(Scale);

}  // namespace mmdet4j::models
