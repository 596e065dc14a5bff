#pragma once
// What a detector needs from any backbone (registry "backbone"): a list of feature maps and the
// channels of each, so that the neck after it can take its in_channels from here (detectron2's
// ShapeSpec) when the config does not repeat them.

#include <torch/torch.h>

#include <vector>

#include "core/options.h"

namespace mmdet4j::models {

class Backbone : public torch::nn::Module {
 public:
  virtual std::vector<torch::Tensor> forward(const torch::Tensor& images) = 0;
  virtual std::vector<int64_t> out_channels() const = 0;
};

// A backbone's pretrained / init_cfg keys, as mmdetection v2 accepts them: at most one of the two,
// init_cfg only {type: Pretrained, checkpoint: ...}. The weights they name are loaded by the
// caller after construction (Detector::loadWeights), not here.
void check_pretrained_weights(const Options& backbone);

}  // namespace mmdet4j::models
