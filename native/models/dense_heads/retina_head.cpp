#include "models/dense_heads/retina_head.h"

#include <cmath>

#include "core/autocast.h"
#include "layers/conv_module.h"
#include "registry/registry.h"

namespace mmdet4j::models {

Schema RetinaHeadImpl::schema() {
  return Schema()
      .include(AnchorHead::schema())
      .set_default("anchor_generator", {{"type", "AnchorGenerator"}, {"octave_base_scale", 4},
                                        {"scales_per_octave", 3}, {"ratios", {0.5, 1.0, 2.0}},
                                        {"strides", {8, 16, 32, 64, 128}}})
      .optional("stacked_convs", ParamType::kInt, 4, "3x3 convs (with ReLU) before each branch's predictor")
      .optional("conv_cfg", ParamType::kDict, nullptr, "only None (plain convs)")
      .optional("norm_cfg", ParamType::kDict, nullptr, "norm of the stacked convs: None, {type: GN, num_groups} or BN");
}

RetinaHeadImpl::RetinaHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : AnchorHead(head, train_cfg, test_cfg), stacked_convs_(head.get_int("stacked_convs")) {
  head.require_none("conv_cfg", "only None is supported natively");
  const auto norm = NormConfig::from(head, "norm_cfg");
  TORCH_CHECK(stacked_convs_ >= 0, head.path_of("stacked_convs"), ": must be >= 0, got ", stacked_convs_);
  const int64_t in = in_channels(), feat = feat_channels(), a = num_anchors();
  for (int64_t i = 0; i < stacked_convs_; ++i) {
    cls_convs_->push_back(ConvModule(i == 0 ? in : feat, feat, 3, 1, true, norm));
    reg_convs_->push_back(ConvModule(i == 0 ? in : feat, feat, 3, 1, true, norm));
  }
  register_module("cls_convs", cls_convs_);
  register_module("reg_convs", reg_convs_);
  const int64_t last = stacked_convs_ > 0 ? feat : in;
  retina_cls = register_module(
      "retina_cls", torch::nn::Conv2d(torch::nn::Conv2dOptions(last, a * num_classes(), 3).padding(1)));
  retina_reg = register_module("retina_reg", torch::nn::Conv2d(torch::nn::Conv2dOptions(last, a * 4, 3).padding(1)));
  // Normal(0, 0.01) weights; the classifier bias starts at the prior probability 0.01 (RetinaNet §4.1).
  init_normal(*this, 0.01);
  torch::NoGradGuard no_grad;
  retina_cls->bias.fill_(-std::log((1 - 0.01) / 0.01));
}

std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> RetinaHeadImpl::predict(
    const std::vector<torch::Tensor>& features) {
  std::vector<torch::Tensor> cls, reg;
  for (const auto& x : features) {
    auto c = x, r = x;
    for (int64_t i = 0; i < stacked_convs_; ++i) {
      c = cls_convs_[i]->as<ConvModule>()->forward(c);
      r = reg_convs_[i]->as<ConvModule>()->forward(r);
    }
    cls.push_back(retina_cls(c));
    reg.push_back(retina_reg(r));
  }
  return {core::to_float32(cls), core::to_float32(reg)};
}

namespace {

const Registrar<DenseHead, Options, Options> kRetinaHead(
    "head", "RetinaHead", RetinaHeadImpl::schema(),
    "RetinaNet's head: stacked_convs 3x3 convs per branch, then per-anchor sigmoid class scores and box deltas",
    [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
      return std::make_shared<RetinaHeadImpl>(head, train_cfg, test_cfg);
    });

}  // namespace

}  // namespace mmdet4j::models
