#pragma once
// mmdetection v2's SSDNeck: passes the backbone's levels through (the first one L2-normalised,
// SSD's conv4_3 treatment) and adds extra levels, each a 1x1 ConvModule halving the channels and
// a 3x3 (the last one last_kernel_size) ConvModule with the level's stride and padding. Names as
// mmdetection's: l2_norm.weight, extra_layers.i.0.conv.weight, extra_layers.i.1.conv.weight.

#include <torch/torch.h>

#include <vector>

#include "core/options.h"
#include "layers/conv_module.h"
#include "layers/l2_norm.h"
#include "models/necks/neck.h"
#include "registry/schema.h"

namespace mmdet4j::models {

struct SSDNeckOptions {
  std::vector<int64_t> in_channels, out_channels;
  std::vector<int64_t> level_strides, level_paddings;
  double l2_norm_scale = 20;  // 0: no L2Norm
  int64_t last_kernel_size = 3;
  NormConfig norm;
  bool relu = true;  // act_cfg ReLU (None: no activation)

  static SSDNeckOptions from(const Options& o);
};

class SSDNeckImpl : public Neck {
 public:
  static Schema schema();
  explicit SSDNeckImpl(const SSDNeckOptions& options);
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs) override;
  std::vector<int64_t> out_channels() const override { return options_.out_channels; }

 private:
  SSDNeckOptions options_;
  L2Norm l2_norm{nullptr};
  torch::nn::ModuleList extra_layers;
};
TORCH_MODULE(SSDNeck);

}  // namespace mmdet4j::models
