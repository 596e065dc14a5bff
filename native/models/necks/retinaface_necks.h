#pragma once
// RetinaFace's two necks, as its authors build them (their FPN and SSH classes), with their
// state_dict names under the neck's key (neck.0.output1.0.weight, neck.1.ssh1.conv3X3.0.weight).
// Both use LeakyReLU(0.1) when out_channels <= 64 and ReLU otherwise, as the authors do.
//
// RetinaFaceFPN: a 1x1 conv_bn per level (output1..3), then top-down from the coarsest level:
// the coarser output, upsampled (nearest) to the finer one's size, is added to it and the sum
// goes through a 3x3 conv_bn (merge2 on the middle level, merge1 on the finest) before it is
// upsampled further; the coarsest level has no merge conv. mmdetection's FPN differs (it adds
// un-merged laterals and convolves every level), hence a neck of its own.
//
// SSH (Najibi et al. 2017), one context module per level (ssh1..): a 3x3 conv_bn with half
// the channels, and a 3x3 conv_bn with a quarter followed by one (5x5 context) or two more
// (7x7 context) 3x3 conv_bns of a quarter, concatenated and passed through ReLU.

#include <torch/torch.h>

#include <vector>

#include "core/options.h"
#include "layers/conv_bn_act.h"
#include "models/necks/neck.h"
#include "registry/schema.h"

namespace mmdet4j::models {

// LeakyReLU(0.1) for narrow necks, ReLU otherwise: the authors' rule.
double retinaface_negative_slope(int64_t out_channels);

class RetinaFaceFPNImpl : public Neck {
 public:
  static Schema schema();
  explicit RetinaFaceFPNImpl(const Options& options);
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs) override;
  std::vector<int64_t> out_channels() const override;

 private:
  std::vector<ConvBnAct> outputs_, merges_;  // merges_[l] for every level but the coarsest
  int64_t out_channels_;
};

class SSHContextModuleImpl : public torch::nn::Module {
 public:
  SSHContextModuleImpl(int64_t in_channels, int64_t out_channels);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  ConvBnAct conv3X3{nullptr}, conv5X5_1{nullptr}, conv5X5_2{nullptr}, conv7X7_2{nullptr}, conv7x7_3{nullptr};
};
TORCH_MODULE(SSHContextModule);

class SSHImpl : public Neck {
 public:
  static Schema schema();
  explicit SSHImpl(const Options& options);
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs) override;
  std::vector<int64_t> out_channels() const override;

 private:
  std::vector<SSHContextModule> modules_;
  int64_t out_channels_;
};

}  // namespace mmdet4j::models
