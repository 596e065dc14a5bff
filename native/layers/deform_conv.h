#pragma once
// mmcv's deformable convolution modules: DeformConv2d (offsets given by the caller, as RepPoints
// computes them), and DeformConv2dPack ("DCN") and ModulatedDeformConv2dPack ("DCNv2"), which
// predict their own offsets (and, for DCNv2, the mask) with a plain conv, `conv_offset`,
// zero-initialised so that training starts from the ordinary convolution.
// state_dict: weight, bias (DCNv2 with bias only), conv_offset.weight, conv_offset.bias (packs).

#include <torch/torch.h>

#include <string>

#include "core/options.h"

namespace mmdet4j::models {

// mmdetection's `dcn=dict(type='DCN' | 'DCNv2', deform_groups=1, fallback_on_stride=False)` of a
// backbone; mmdetection v1's name `deformable_groups` is accepted for deform_groups.
struct DcnConfig {
  bool modulated = false;  // DCNv2
  int64_t deform_groups = 1;
  bool fallback_on_stride = false;

  // The dict under `key` (None: no DCN, returns nullopt); errors name the config path.
  static std::optional<DcnConfig> from(const Options& options, const std::string& key);
};

struct DeformConvOptions {
  int64_t in_channels, out_channels, kernel_size;
  int64_t stride = 1, padding = 0, dilation = 1, groups = 1, deform_groups = 1;
  bool modulated = false;
  bool bias = false;  // DCNv1 (mmcv's DeformConv2d) has none
  bool pack = true;   // predicts its offsets with conv_offset (mmcv's *Pack classes)
};

class DeformConv2dImpl : public torch::nn::Module {
 public:
  explicit DeformConv2dImpl(const DeformConvOptions& options);
  // A pack's convolution with its own offsets (and mask).
  torch::Tensor forward(const torch::Tensor& x);
  // mmcv's initialisation: weight uniform(-1/sqrt(n), 1/sqrt(n)), n = in_channels * k * k; bias
  // and conv_offset zero.
  void reset_parameters();
  // The deformable convolution with given offsets (and mask for DCNv2): RepPoints-style callers
  // that compute the offsets themselves.
  torch::Tensor forward_with_offset(const torch::Tensor& x, const torch::Tensor& offset,
                                    const torch::Tensor& mask = {});

  torch::Tensor weight, bias;
  torch::nn::Conv2d conv_offset{nullptr};  // packs only

 private:
  DeformConvOptions options_;
};
TORCH_MODULE(DeformConv2d);

}  // namespace mmdet4j::models
