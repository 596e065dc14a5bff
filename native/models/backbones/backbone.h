#pragma once
// What a detector needs from any backbone (registry "backbone"): a list of feature maps and the
// channels of each, so that the neck after it can take its in_channels from here (detectron2's
// ShapeSpec) when the config does not repeat them.

#include <torch/torch.h>

#include <vector>

namespace mmdet4j::models {

class Backbone : public torch::nn::Module {
 public:
  virtual std::vector<torch::Tensor> forward(const torch::Tensor& images) = 0;
  virtual std::vector<int64_t> out_channels() const = 0;
};

}  // namespace mmdet4j::models
