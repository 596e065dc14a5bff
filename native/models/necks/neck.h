#pragma once
// What a detector needs from any neck (registry "neck"): a list of feature maps in, a list out.
// A neck is built with the options under "neck" (whose in_channels the detector fills from the
// backbone's out_channels when the config leaves them out).

#include <torch/torch.h>

#include <vector>

namespace mmdet4j::models {

class Neck : public torch::nn::Module {
 public:
  virtual std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs) = 0;
};

}  // namespace mmdet4j::models
