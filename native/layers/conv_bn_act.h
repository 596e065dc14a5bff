#pragma once
// A bias-free convolution, a batch norm and an optional (leaky) ReLU: the conv_bn / conv_dw
// blocks of RetinaFace's and FaceBoxes' authors. Their checkpoints name the two layers either
// by position (an nn.Sequential: "0.weight", "1.running_mean") or by role ("conv.weight",
// "bn.running_mean"); the names are chosen at construction so that those keys carry over. In
// evaluation the norm is folded into the convolution (ConvBnFold).

#include <torch/torch.h>

#include <optional>
#include <string>

#include "layers/conv_bn_fold.h"

namespace mmdet4j::models {

struct ConvBnActOptions {
  int64_t in, out, kernel, stride = 1, padding = 0, groups = 1;
  // nullopt: no activation; 0: ReLU; otherwise LeakyReLU with this negative slope.
  std::optional<double> negative_slope = 0.0;
  bool named_by_role = false;  // "conv" / "bn" instead of "0" / "1"
  double bn_eps = 1e-5;
};

class ConvBnActImpl : public torch::nn::Module {
 public:
  explicit ConvBnActImpl(const ConvBnActOptions& options);
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};

 private:
  std::optional<double> negative_slope_;
  ConvBnFold fold_;
};
TORCH_MODULE(ConvBnAct);

}  // namespace mmdet4j::models
