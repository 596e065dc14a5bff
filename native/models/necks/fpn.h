#pragma once
// Feature Pyramid Network (Lin et al. 2017) as mmdetection v2's FPN neck: names
// lateral_convs.i.conv and fpn_convs.i.conv (mmcv ConvModule wraps its conv as ".conv").

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/options.h"
#include "layers/conv_module.h"
#include "models/necks/neck.h"
#include "registry/schema.h"

namespace mmdet4j::models {

struct FPNOptions {
  std::vector<int64_t> in_channels;
  int64_t out_channels = 256;
  int64_t num_outs = 5;
  int64_t start_level = 0;
  int64_t end_level = -1;                 // inclusive; -1 = last input level
  std::string add_extra_convs = "none";   // none | on_input | on_lateral | on_output
  bool relu_before_extra_convs = false;
  NormConfig norm;                        // of every conv (GN in some mmdetection configs)
  bool no_norm_on_lateral = false;        // the 1x1 lateral convs without the norm

  // From options checked against FPNImpl::schema().
  static FPNOptions from(const Options& o);
};

class FPNImpl : public Neck {
 public:
  // mmdetection v2's FPN keys; add_extra_convs=True means 'on_input'.
  static Schema schema();
  explicit FPNImpl(const FPNOptions& options);
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs) override;
  std::vector<int64_t> out_channels() const override {
    return std::vector<int64_t>(options_.num_outs, options_.out_channels);
  }

 private:
  FPNOptions options_;
  int64_t backbone_end_level_;
  torch::nn::ModuleList lateral_convs_, fpn_convs_;
};
TORCH_MODULE(FPN);

}  // namespace mmdet4j::models
