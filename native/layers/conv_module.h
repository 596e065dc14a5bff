#pragma once
// Building blocks shared by necks and heads: mmcv's ConvModule (conv, optional norm, optional
// ReLU), the norm_cfg it takes, and the weight initialisers mmcv applies per layer.

#include <torch/torch.h>

#include <optional>
#include <string>

#include "core/options.h"
#include "layers/conv_bn_fold.h"
#include "layers/deform_conv.h"

namespace mmdet4j::models {

// mmcv's norm_cfg: None, dict(type='GN', num_groups=32) or dict(type='BN'), each with
// requires_grad (False freezes the affine parameters) and eps.
struct NormConfig {
  std::string type;  // "" (no norm), "GN" or "BN"
  int64_t num_groups = 0;
  bool requires_grad = true;
  double eps = 1e-5;

  bool enabled() const { return !type.empty(); }
  // The norm_cfg under `key` of `options` (None: no norm); errors name the config path.
  static NormConfig from(const Options& options, const std::string& key);
};

// mmcv's act_cfg under `key` of `options`: true for {type: ReLU} (inplace accepted), false for
// None; any other activation is an error naming the config path.
bool relu_from_act_cfg(const Options& options, const std::string& key);

// mmcv's conv_cfg of a ConvModule: None (a plain conv) or dict(type='DCN' | 'DCNv2',
// deform_groups=...) (mmcv's DeformConv2dPack / ModulatedDeformConv2dPack); errors name the
// config path. Returns nullopt for None.
std::optional<DcnConfig> deform_conv_cfg(const Options& options, const std::string& key);

// A mmcv ConvModule: a conv registered as ".conv" (state_dict "lateral_convs.0.conv.weight"),
// then, with a norm, the norm under mmcv's abbreviation (".gn" or ".bn"), then optionally ReLU.
// bias: whether the conv has one; unset is mmcv's bias='auto' (a bias only without a norm).
// padding: unset is kernel / 2 (the size-keeping padding of odd kernels).
// deform: the conv is deformable (".conv.weight", ".conv.conv_offset.*"), as with conv_cfg DCN.
class ConvModuleImpl : public torch::nn::Module {
 public:
  ConvModuleImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, bool relu, const NormConfig& norm = {},
                 std::optional<bool> bias = std::nullopt, std::optional<int64_t> padding = std::nullopt,
                 const std::optional<DcnConfig>& deform = std::nullopt);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv2d conv{nullptr};        // a plain conv
  DeformConv2d deform_conv{nullptr};      // or a deformable one

 private:
  bool relu_;
  torch::nn::AnyModule norm_;
  ConvBnFold bn_fold_;  // a BN norm folded into the conv in evaluation
};
TORCH_MODULE(ConvModule);

// The initialisers below set the weights of every conv, transposed conv and linear layer of
// `module` and zero their biases; norm layers keep their weight 1 and bias 0, as mmcv's
// per-layer init_cfg (layer='Conv2d', ...) leaves them.

// Normal(0, std) weights (mmcv's normal_init).
void init_normal(torch::nn::Module& module, double std);

// Xavier-uniform weights (mmcv's xavier_init with distribution='uniform').
void init_xavier_uniform(torch::nn::Module& module);

// Kaiming-normal weights, fan_out, for ReLU (mmcv's kaiming_init defaults).
void init_kaiming_fan_out(torch::nn::Module& module);

}  // namespace mmdet4j::models
