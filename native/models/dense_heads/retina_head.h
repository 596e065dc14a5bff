#pragma once
// RetinaHead (Lin et al. 2017) as in mmdetection v2: stacked 3x3 convs for classification and
// regression shared across levels (cls_convs.i.conv, reg_convs.i.conv), then retina_cls and
// retina_reg; everything else is AnchorHead's. Registered in "head" as RetinaHead.

#include <torch/torch.h>

#include "models/dense_heads/anchor_head.h"

namespace mmdet4j::models {

class RetinaHeadImpl : public AnchorHead {
 public:
  static Schema schema();
  RetinaHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg);

  std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> predict(
      const std::vector<torch::Tensor>& features) override;

 private:
  int64_t stacked_convs_;
  torch::nn::ModuleList cls_convs_, reg_convs_;
  torch::nn::Conv2d retina_cls{nullptr}, retina_reg{nullptr};
};

}  // namespace mmdet4j::models
