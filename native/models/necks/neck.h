#pragma once
// What a detector needs from any neck (registry "neck"): a list of feature maps in, a list out.
// A config gives one neck, or a list of them applied in order (mmdetection's neck=[FPN, BFP],
// whose state_dict keys read neck.0.*, neck.1.*); build_neck builds either.

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "core/options.h"

namespace mmdet4j::models {

class Backbone;

class Neck : public torch::nn::Module {
 public:
  virtual std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs) = 0;
  // Channels of each output level, or none when the neck does not say; the detector checks the
  // head's expected channels against them.
  virtual std::vector<int64_t> out_channels() const { return {}; }
};

// The neck (or the sequence of necks) that model[key] configures. The first neck takes its
// in_channels from the backbone when the config leaves them out (with_input_channels).
std::shared_ptr<Neck> build_neck(const Options& model, const std::string& key, const Backbone& backbone);

// The neck's options with in_channels taken from the backbone's out_channels when the config
// leaves them out (detectron2's ShapeSpec; mmdetection configs repeat them).
Options with_input_channels(Options neck, const Backbone& backbone);

}  // namespace mmdet4j::models
