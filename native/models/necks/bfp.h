#pragma once
// BFP, the Balanced Feature Pyramid of Libra R-CNN (Pang et al. 2019), as mmdetection v2's
// necks/bfp.py: the levels are resized to the refine level (max pooling from finer levels,
// nearest upsampling from coarser ones) and averaged; the average is refined (a 3x3 ConvModule,
// an embedded-Gaussian non-local block, or nothing) and added back to every level at its size
// (nearest upsampling to finer levels, max pooling to coarser ones). Used after FPN:
// neck=[FPN, BFP]. Registered in "neck" as BFP; state_dict keys refine.conv.* or refine.{g,
// theta, phi, conv_out}.conv.*.

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/options.h"
#include "models/necks/neck.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class BFPImpl : public Neck {
 public:
  static Schema schema();
  explicit BFPImpl(const Options& options);
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs) override;

 private:
  int64_t num_levels_;
  int64_t refine_level_;
  std::string refine_type_;  // "none", "conv" or "non_local"
  torch::nn::AnyModule refine_;
};

}  // namespace mmdet4j::models
