#pragma once
// ResNet and ResNeXt backbones (He et al. 2016; Xie et al. 2017) with mmdetection v2's options
// and parameter names (conv1, bn1, layer1.0.conv1, layer1.0.downsample.0, ...), which are also
// torchvision's: ImageNet checkpoints of either load without renaming.

#include <torch/torch.h>

#include <optional>
#include <vector>

#include "core/options.h"
#include "layers/context_block.h"
#include "layers/conv_bn_fold.h"
#include "layers/deform_conv.h"
#include "models/backbones/backbone.h"
#include "registry/schema.h"

namespace mmdet4j::models {

struct ResNetOptions {
  int64_t depth = 50;            // 18, 34, 50, 101 or 152
  int64_t in_channels = 3;
  int64_t num_stages = 4;
  std::vector<int64_t> out_indices{0, 1, 2, 3};
  std::string style = "pytorch";  // "pytorch": stride in the 3x3 conv; "caffe": in the first 1x1
  int64_t frozen_stages = -1;    // stages whose parameters are frozen (0 = stem only)
  bool norm_eval = true;         // keep BatchNorm statistics frozen while training
  bool norm_requires_grad = true;
  int64_t groups = 1;            // ResNeXt cardinality
  int64_t base_width = 64;       // ResNeXt width per group (64 = plain ResNet)
  bool zero_init_residual = true;  // each block's last norm starts at weight 0 (mmdetection v2)
  // Deformable 3x3 convs (Bottleneck conv2) in the stages where stage_with_dcn is set.
  std::optional<DcnConfig> dcn;
  std::vector<bool> stage_with_dcn{false, false, false, false};
  // A GC block after conv3 of every Bottleneck of a stage (mmdetection's plugins with
  // position='after_conv3'); in_channels is filled in per block.
  std::vector<std::optional<ContextBlockOptions>> stage_context_block{{}, {}, {}, {}};

  // From options of type ResNet or ResNeXt (checked against that type's schema).
  static ResNetOptions from(const Options& o);
};

class ResNetImpl : public Backbone {
 public:
  // mmdetection v2's keys that the native ResNet implements; `resnext` gives ResNeXt's defaults.
  static Schema schema(bool resnext);
  explicit ResNetImpl(const ResNetOptions& options);
  // Feature maps of the stages in out_indices (C2..C5 for indices 0..3).
  std::vector<torch::Tensor> forward(const torch::Tensor& x) override;
  // Channels of each returned feature map.
  std::vector<int64_t> out_channels() const override;
  // Applies frozen_stages and norm_eval on top of the usual train/eval switch.
  void train(bool on = true) override;

 private:
  ResNetOptions options_;
  torch::nn::Conv2d conv1{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr};
  ConvBnFold stem_fold_;
  std::vector<torch::nn::Sequential> layers_;
  std::vector<int64_t> stage_channels_;
};
TORCH_MODULE(ResNet);

}  // namespace mmdet4j::models
