#pragma once
// mmdetection v2's SSDVGG backbone: mmcv's VGG (stages of 3x3 convs with ReLU, each closed by a
// 2x2 max pool) without its last pool, then SSD's pool5 (3x3, stride 1), the dilated conv6
// (3x3, dilation 6, 1024 channels) and conv7 (1x1, 1024), all in one `features` sequence so that
// state_dict keys read features.0.weight ... features.33.bias as in mmdetection and its
// converted caffe VGG16 checkpoint (open-mmlab://vgg16_caffe). The outputs are the activations
// after the layers in out_feature_indices: (22, 34) are conv4_3's and conv7's ReLU for VGG16.
//
// SSD's extra levels are the neck (SSDNeck) in mmdetection v2; v1 built them inside the backbone.

#include <torch/torch.h>

#include <vector>

#include "core/options.h"
#include "models/backbones/backbone.h"
#include "registry/schema.h"

namespace mmdet4j::models {

struct SSDVGGOptions {
  int64_t depth = 16;             // 11, 13, 16 or 19
  bool with_last_pool = false;
  bool ceil_mode = true;          // of the stages' 2x2 pools (38x38 conv4_3 features at 300x300)
  bool with_bn = false;           // mmcv VGG's BatchNorm after each stage conv
  std::vector<int64_t> out_feature_indices{22, 34};

  static SSDVGGOptions from(const Options& o);
};

class SSDVGGImpl : public Backbone {
 public:
  static Schema schema();
  explicit SSDVGGImpl(const SSDVGGOptions& options);
  std::vector<torch::Tensor> forward(const torch::Tensor& images) override;
  std::vector<int64_t> out_channels() const override;

 private:
  SSDVGGOptions options_;
  torch::nn::Sequential features{nullptr};
  std::vector<int64_t> channels_after_;  // output channels after each layer of `features`
};
TORCH_MODULE(SSDVGG);

}  // namespace mmdet4j::models
