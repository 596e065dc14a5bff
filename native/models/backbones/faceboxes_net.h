#pragma once
// FaceBoxes' network before its multibox layers (Zhang et al. 2017, as its authors' PyTorch code
// builds it): the Rapidly Digested Convolutional Layers — conv1 (7x7, stride 4) and conv2 (5x5,
// stride 2) with CReLU, each followed by a 3x3 stride-2 max pool — then the Multiple Scale
// Convolutional Layers: three Inception modules (stride 32 output, 128 channels), conv3_1/conv3_2
// (stride 64, 256) and conv4_1/conv4_2 (stride 128, 256). Returns those three maps. State_dict
// keys are the authors' (conv1.conv.weight, inception2.branch3x3_reduce_2.bn.running_var,
// conv4_2.conv.weight); their init: conv weights N(0, 0.01), norms at 1 and 0.

#include <torch/torch.h>

#include <vector>

#include "core/options.h"
#include "layers/conv_bn_act.h"
#include "models/backbones/backbone.h"
#include "registry/schema.h"

namespace mmdet4j::models {

// conv + BN, then cat(x, -x) and ReLU: twice the channels for the cost of one convolution.
class CReLUConvImpl : public torch::nn::Module {
 public:
  CReLUConvImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  ConvBnAct conv_bn_{nullptr};
};
TORCH_MODULE(CReLUConv);

// The authors' Inception: 128 channels in, four 32-channel branches out (1x1; 3x3 average pool
// then 1x1; 1x1 then 3x3; 1x1 then two 3x3).
class FaceBoxesInceptionImpl : public torch::nn::Module {
 public:
  FaceBoxesInceptionImpl();
  torch::Tensor forward(const torch::Tensor& x);

 private:
  ConvBnAct branch1x1{nullptr}, branch1x1_2{nullptr}, branch3x3_reduce{nullptr}, branch3x3{nullptr},
      branch3x3_reduce_2{nullptr}, branch3x3_2{nullptr}, branch3x3_3{nullptr};
};
TORCH_MODULE(FaceBoxesInception);

class FaceBoxesNetImpl : public Backbone {
 public:
  static Schema schema();
  explicit FaceBoxesNetImpl(const Options& options);
  std::vector<torch::Tensor> forward(const torch::Tensor& images) override;
  std::vector<int64_t> out_channels() const override { return {128, 256, 256}; }

 private:
  CReLUConv conv1{nullptr}, conv2{nullptr};
  FaceBoxesInception inception1{nullptr}, inception2{nullptr}, inception3{nullptr};
  ConvBnAct conv3_1{nullptr}, conv3_2{nullptr}, conv4_1{nullptr}, conv4_2{nullptr};
};

}  // namespace mmdet4j::models
