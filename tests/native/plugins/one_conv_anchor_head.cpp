#include "plugins/one_conv_anchor_head.h"

#include <cmath>

#include "layers/conv_module.h"
#include "registry/registry.h"

namespace mmdet4j::plugins {

Schema OneConvAnchorHead::schema() {
  return Schema()
      .include(AnchorHead::schema())
      .optional("prior_prob", ParamType::kFloat, 0.01, "initial foreground probability of the classifier");
}

OneConvAnchorHead::OneConvAnchorHead(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : AnchorHead(head, train_cfg, test_cfg) {
  const double prior = head.get_double("prior_prob");
  TORCH_CHECK(prior > 0 && prior < 1, head.path_of("prior_prob"), ": must be in (0, 1), got ", prior);
  shared_conv = register_module(
      "shared_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels(), feat_channels(), 3).padding(1)));
  conv_cls = register_module("conv_cls",
                             torch::nn::Conv2d(torch::nn::Conv2dOptions(feat_channels(), num_anchors() * num_classes(), 1)));
  conv_reg = register_module("conv_reg", torch::nn::Conv2d(torch::nn::Conv2dOptions(feat_channels(), num_anchors() * 4, 1)));
  models::init_normal(*this, 0.01);
  torch::NoGradGuard no_grad;
  conv_cls->bias.fill_(-std::log((1 - prior) / prior));
}

std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> OneConvAnchorHead::predict(
    const std::vector<torch::Tensor>& features) {
  std::vector<torch::Tensor> cls, reg;
  for (const auto& x : features) {
    auto h = torch::relu(shared_conv(x));
    cls.push_back(conv_cls(h));
    reg.push_back(conv_reg(h));
  }
  return {cls, reg};
}

namespace {

const Registrar<models::DenseHead, Options, Options> kOneConvAnchorHead(
    "head", "OneConvAnchorHead", OneConvAnchorHead::schema(),
    "one shared 3x3 conv, then per-anchor class scores and box deltas (a plugin of the tests)",
    [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
      return std::make_shared<OneConvAnchorHead>(head, train_cfg, test_cfg);
    });

}  // namespace

}  // namespace mmdet4j::plugins
