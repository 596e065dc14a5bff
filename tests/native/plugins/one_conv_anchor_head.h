#pragma once
// A dense head that lives outside the native core: one shared 3x3 conv, then 1x1 convs for the
// class scores and box deltas of each anchor, on mmdetection's AnchorHead machinery. It is
// compiled into a plugin library of its own and registers itself as "OneConvAnchorHead" when that
// library loads: the test that adding a native dense head needs this source pair and a config,
// and no edit anywhere else.

#include <torch/torch.h>

#include "models/dense_heads/anchor_head.h"

namespace mmdet4j::plugins {

class OneConvAnchorHead : public models::AnchorHead {
 public:
  static Schema schema();
  OneConvAnchorHead(const Options& head, const Options& train_cfg, const Options& test_cfg);

  std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> predict(
      const std::vector<torch::Tensor>& features) override;

 private:
  torch::nn::Conv2d shared_conv{nullptr}, conv_cls{nullptr}, conv_reg{nullptr};
};

}  // namespace mmdet4j::plugins
