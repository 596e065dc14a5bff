#pragma once
// MobileNetV1 (Howard et al. 2017) as RetinaFace's authors build it for their MobileNet-0.25
// model: a strided 3x3 conv_bn, then depthwise-separable conv_dw blocks (3x3 depthwise + BN +
// LeakyReLU, 1x1 pointwise + BN + LeakyReLU), in three stages of output strides 8, 16 and 32
// whose channels are MobileNet's (64, 512, 1024 at width 1) times widen_factor. The state_dict
// keys are theirs (stage1.0.0.weight, stage1.1.3.weight, stage3.1.4.running_var), so the
// ImageNet checkpoint they train from (mobilenetV1X0.25_pretrain) loads into `backbone`.

#include <torch/torch.h>

#include <vector>

#include "core/options.h"
#include "layers/conv_bn_fold.h"
#include "models/backbones/backbone.h"
#include "registry/schema.h"

namespace mmdet4j::models {

struct MobileNetV1Options {
  double widen_factor = 0.25;
  std::vector<int64_t> out_indices{0, 1, 2};  // stages, 0-based
  double negative_slope = 0.1;                // of every LeakyReLU

  static MobileNetV1Options from(const Options& o);
};

// The authors' conv_dw: children "0" (depthwise conv), "1" (its BN), "3" (pointwise conv), "4".
class DepthwiseSeparableConvImpl : public torch::nn::Module {
 public:
  DepthwiseSeparableConvImpl(int64_t in, int64_t out, int64_t stride, double negative_slope);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d depthwise{nullptr}, pointwise{nullptr};
  torch::nn::BatchNorm2d depthwise_bn{nullptr}, pointwise_bn{nullptr};
  double negative_slope_;
  ConvBnFold depthwise_fold_, pointwise_fold_;
};
TORCH_MODULE(DepthwiseSeparableConv);

class MobileNetV1Impl : public Backbone {
 public:
  static Schema schema();
  explicit MobileNetV1Impl(const MobileNetV1Options& options);
  std::vector<torch::Tensor> forward(const torch::Tensor& images) override;
  std::vector<int64_t> out_channels() const override;

 private:
  MobileNetV1Options options_;
  std::vector<torch::nn::Sequential> stages_;
  std::vector<int64_t> stage_channels_;
};
TORCH_MODULE(MobileNetV1);

}  // namespace mmdet4j::models
