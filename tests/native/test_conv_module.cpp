// mmcv's ConvModule with a norm: state_dict names, the computation conv -> norm -> ReLU checked
// against plain torch ops, initialisers that leave norms alone, norm_cfg errors; and GroupNorm
// where mmdetection allows it (RetinaHead, FPN, ConvFC box heads, FCNMaskHead) under mmcv's names.

#include <gtest/gtest.h>

#include <torch/torch.h>

#include <set>
#include <string>

#include "core/options.h"
#include "error_of.h"
#include "layers/conv_module.h"
#include "models/dense_heads/dense_head.h"
#include "models/necks/neck.h"
#include "models/roi_heads/bbox_heads/bbox_head.h"
#include "models/roi_heads/mask_heads/mask_head.h"
#include "registry/registry.h"
#include "registry/schema.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;

// The norm_cfg of a head whose schema declares it, as the heads do.
models::NormConfig norm_of(const std::string& json) {
  static const Schema head = Schema().optional("norm_cfg", ParamType::kDict, nullptr, "the convs' norm");
  const auto options = Options::parse(R"({"norm_cfg": )" + json + "}", "model.head").with_schema(head, "a head");
  return models::NormConfig::from(options, "norm_cfg");
}

std::set<std::string> keys_of(torch::nn::Module& m) {
  std::set<std::string> keys;
  for (const auto& p : m.named_parameters()) keys.insert(p.key());
  for (const auto& b : m.named_buffers()) keys.insert(b.key());
  return keys;
}

TEST(ConvModule, GroupNormBetweenConvAndReluWithMmcvNames) {
  torch::manual_seed(0);
  models::ConvModule m(4, 8, 3, 1, true, norm_of(R"({"type": "GN", "num_groups": 2})"));
  m->to(torch::kDouble);
  EXPECT_EQ(keys_of(*m), (std::set<std::string>{"conv.weight", "gn.weight", "gn.bias"}));  // bias='auto': none
  {
    torch::NoGradGuard no_grad;
    for (auto& p : m->parameters()) p.normal_();
  }
  auto x = torch::randn({2, 4, 5, 6}, torch::kDouble);
  const auto& gn = m->named_parameters();
  auto expected = torch::relu(torch::group_norm(torch::conv2d(x, m->conv->weight, {}, 1, 1), 2, gn["gn.weight"],
                                                gn["gn.bias"], 1e-5));
  EXPECT_TRUE(torch::allclose(m->forward(x), expected, 1e-12, 1e-12));
}

TEST(ConvModule, InitialisersSetConvsAndLeaveNormsAtOneAndZero) {
  models::ConvModule m(4, 8, 3, 1, true, norm_of(R"({"type": "GN", "num_groups": 4})"));
  models::init_normal(*m, 0.01);
  const auto params = m->named_parameters();
  EXPECT_TRUE(torch::all(params["gn.weight"] == 1).item<bool>());
  EXPECT_TRUE(torch::all(params["gn.bias"] == 0).item<bool>());
  EXPECT_LT(params["conv.weight"].std().item<double>(), 0.02);
}

TEST(ConvModule, NormConfigErrorsNameTheKey) {
  EXPECT_EQ(norm_of("null").type, "");
  EXPECT_EQ(norm_of(R"({"type": "BN", "requires_grad": false})").requires_grad, false);
  EXPECT_EQ(error_of([] { norm_of(R"({"type": "SyncBN"})"); }),
            "model.head.norm_cfg.type: only 'GN' and 'BN' are supported, got 'SyncBN'");
  EXPECT_EQ(error_of([] { norm_of(R"({"type": "GN"})"); }), "model.head.norm_cfg.num_groups: GN needs num_groups");
  EXPECT_EQ(error_of([] { norm_of(R"({"type": "GN", "num_group": 32})"); }).rfind(
                "model.head.norm_cfg.num_group: unknown key for norm_cfg", 0),
            0u);
  EXPECT_EQ(error_of([] { models::ConvModule(4, 6, 3, 1, true, norm_of(R"({"type": "GN", "num_groups": 4})")); }),
            "GN: 6 channels cannot be split into 4 groups");
}

const char* kGroupNorm = R"({"type": "GN", "num_groups": 4, "requires_grad": true})";

TEST(GroupNorm, WhereMmdetectionAllowsItUnderMmcvNames) {
  auto retina = build<models::DenseHead>(
      "head",
      Options::parse(std::string(R"({"type": "RetinaHead", "num_classes": 3, "in_channels": 8, "feat_channels": 8,
                                     "stacked_convs": 2, "loss_bbox": {"type": "L1Loss"}, "norm_cfg": )") +
                         kGroupNorm + "}",
                     "model.bbox_head"),
      "", Options(), Options());
  EXPECT_TRUE(keys_of(*retina).count("cls_convs.1.gn.weight") && keys_of(*retina).count("reg_convs.0.gn.bias"));
  EXPECT_FALSE(keys_of(*retina).count("cls_convs.0.conv.bias"));

  auto fpn = build<models::Neck>(
      "neck",
      Options::parse(std::string(R"({"type": "FPN", "in_channels": [4, 8], "out_channels": 8, "num_outs": 3,
                                     "add_extra_convs": "on_output", "no_norm_on_lateral": true, "norm_cfg": )") +
                         kGroupNorm + "}",
                     "model.neck"),
      "");
  const auto neck_keys = keys_of(*fpn);
  EXPECT_TRUE(neck_keys.count("fpn_convs.0.gn.weight") && neck_keys.count("fpn_convs.2.gn.weight"));
  EXPECT_TRUE(neck_keys.count("lateral_convs.0.conv.bias") && !neck_keys.count("lateral_convs.0.gn.weight"));
  auto outs = fpn->forward({torch::randn({1, 4, 16, 16}), torch::randn({1, 8, 8, 8})});
  EXPECT_EQ(outs.size(), 3u);

  auto bbox_head = build<models::BBoxHead>(
      "head",
      Options::parse(std::string(R"({"type": "Shared4Conv1FCBBoxHead", "in_channels": 8, "conv_out_channels": 8,
                                     "fc_out_channels": 16, "num_classes": 3, "norm_cfg": )") +
                         kGroupNorm + "}",
                     "model.roi_head.bbox_head"),
      "");
  EXPECT_TRUE(keys_of(*bbox_head).count("shared_convs.3.gn.weight"));
  EXPECT_EQ(bbox_head->forward(torch::randn({2, 8, 7, 7})).first.sizes(), (std::vector<int64_t>{2, 4}));

  auto mask_head = build<models::MaskHead>(
      "head",
      Options::parse(std::string(R"({"type": "FCNMaskHead", "num_convs": 2, "in_channels": 8,
                                     "conv_out_channels": 8, "num_classes": 3, "norm_cfg": )") +
                         kGroupNorm + "}",
                     "model.roi_head.mask_head"),
      "");
  EXPECT_TRUE(keys_of(*mask_head).count("convs.1.gn.bias"));
  const auto mask_params = mask_head->named_parameters();
  EXPECT_TRUE(torch::all(mask_params["convs.0.gn.weight"] == 1).item<bool>());
}

// conv_cfg=dict(type='DCNv2'): the conv is mmcv's ModulatedDeformConv2dPack under ".conv", its
// offsets start at zero even after a head's Normal init, and with zero offsets and a mask of
// sigmoid(0) = 0.5 it computes half the plain convolution.
TEST(ConvModule, DeformableConvUnderMmcvNames) {
  const auto cfg = models::DcnConfig{/*modulated=*/true, /*deform_groups=*/1, false};
  models::ConvModule m(4, 6, 3, 1, false, norm_of(R"({"type": "GN", "num_groups": 2})"), std::nullopt, std::nullopt,
                       cfg);
  EXPECT_EQ(keys_of(*m), (std::set<std::string>{"conv.weight", "conv.conv_offset.weight", "conv.conv_offset.bias",
                                                 "gn.weight", "gn.bias"}));
  models::init_normal(*m, 0.01);
  EXPECT_EQ(m->deform_conv->conv_offset->weight.abs().sum().item<float>(), 0.0f);
  torch::NoGradGuard no_grad;
  auto x = torch::randn({2, 4, 5, 7});
  auto plain = torch::conv2d(x, m->deform_conv->weight, {}, 1, 1);
  auto expected = torch::group_norm(plain * 0.5, 2, m->named_parameters()["gn.weight"], m->named_parameters()["gn.bias"]);
  EXPECT_TRUE(torch::allclose(m(x), expected, 1e-4, 1e-5));
  // mmcv's DCN (v1) has no bias: without a norm, bias='auto' asks for one.
  EXPECT_NE(error_of([] { models::ConvModule(4, 6, 3, 1, false, models::NormConfig{}, std::nullopt, std::nullopt,
                                             models::DcnConfig{false, 1, false}); })
                .find("a DCN conv has no bias"),
            std::string::npos);
}

TEST(ConvModule, FcosTowersWithDcnOnLastConv) {
  auto head = build<models::DenseHead>(
      "head", Options::parse(R"({"type": "FCOSHead", "num_classes": 3, "in_channels": 8, "feat_channels": 8,
                                 "stacked_convs": 2, "norm_cfg": {"type": "GN", "num_groups": 4},
                                 "dcn_on_last_conv": true})", "model.bbox_head"),
      "", Options(), Options());
  const auto keys = keys_of(*head);
  EXPECT_TRUE(keys.count("cls_convs.1.conv.conv_offset.weight"));
  EXPECT_TRUE(keys.count("reg_convs.1.conv.conv_offset.bias"));
  EXPECT_FALSE(keys.count("cls_convs.0.conv.conv_offset.weight"));
  EXPECT_EQ(head->named_parameters()["cls_convs.1.conv.conv_offset.weight"].size(0), 27);  // DCNv2: 3 x 9
}

}  // namespace
