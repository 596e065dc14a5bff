// Libra R-CNN's neck: BFP against its definition computed here with plain torch ops, the
// non-local refinement starting as the identity, and a list of necks (neck=[FPN, BFP]) built in
// order with mmcv's Sequential names.

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "core/options.h"
#include "error_of.h"
#include "layers/non_local.h"
#include "models/detectors/detector.h"
#include "models/necks/bfp.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;

std::vector<torch::Tensor> pyramid() {
  torch::manual_seed(1);
  std::vector<torch::Tensor> levels;
  // Each level half the previous one, so that pooling and nearest upsampling are exact 2x steps.
  for (int64_t k : {8, 4, 2, 1}) levels.push_back(torch::randn({2, 3, 2 * k, 3 * k}, torch::kDouble));
  return levels;
}

TEST(BFP, GathersAtTheRefineLevelAndScattersBack) {
  models::BFPImpl bfp(Options::parse(R"({"in_channels": 3, "num_levels": 4, "refine_level": 1})", "model.neck.1"));
  bfp.to(torch::kDouble);
  const auto x = pyramid();
  const auto out = bfp.forward(x);
  // By hand: level 0 (16x24) max-pooled 2x2 to 8x12, level 1 as is, levels 2 and 3 repeated 2x and 4x.
  auto gathered = (torch::max_pool2d(x[0], {2, 2}) + x[1] + x[2].repeat_interleave(2, 2).repeat_interleave(2, 3) +
                   x[3].repeat_interleave(4, 2).repeat_interleave(4, 3)) /
                  4.0;
  const std::vector<torch::Tensor> expected = {
      x[0] + gathered.repeat_interleave(2, 2).repeat_interleave(2, 3), x[1] + gathered,
      x[2] + torch::max_pool2d(gathered, {2, 2}), x[3] + torch::max_pool2d(gathered, {4, 4})};
  ASSERT_EQ(out.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(torch::allclose(out[i], expected[i], 1e-12, 1e-12)) << "level " << i;
}

TEST(BFP, NonLocalRefinementStartsAsTheIdentityAndNamesItsConvsAsMmcv) {
  models::BFPImpl bfp(
      Options::parse(R"({"in_channels": 3, "num_levels": 4, "refine_type": "non_local"})", "model.neck.1"));
  bfp.to(torch::kDouble);
  models::BFPImpl plain(Options::parse(R"({"in_channels": 3, "num_levels": 4})", "model.neck.1"));
  plain.to(torch::kDouble);
  const auto x = pyramid();
  const auto refined = bfp.forward(x), unrefined = plain.forward(x);
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(torch::allclose(refined[i], unrefined[i], 1e-12, 1e-12));
  std::vector<std::string> keys;
  for (const auto& p : bfp.named_parameters()) keys.push_back(p.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"refine.g.conv.weight", "refine.g.conv.bias", "refine.conv_out.conv.weight",
                                             "refine.conv_out.conv.bias", "refine.theta.conv.weight",
                                             "refine.theta.conv.bias", "refine.phi.conv.weight",
                                             "refine.phi.conv.bias"}));
}

TEST(NonLocal2d, IsTheEmbeddedGaussianBlock) {
  torch::manual_seed(2);
  models::NonLocal2d block(4, 2, true);
  block->to(torch::kDouble);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : block->parameters()) p.normal_();  // a trained block, not the identity
  }
  auto x = torch::randn({2, 4, 3, 5}, torch::kDouble);
  auto conv = [](const models::ConvModule& m, const torch::Tensor& t) {
    return torch::conv2d(t, m->conv->weight, m->conv->bias);
  };
  auto flat = [](const torch::Tensor& t) { return t.flatten(2); };  // N, C, HW
  auto theta = flat(conv(block->theta, x)), phi = flat(conv(block->phi, x)), g = flat(conv(block->g, x));
  auto attention = (torch::bmm(theta.transpose(1, 2), phi) / std::sqrt(2.0)).softmax(-1);  // N, HW, HW
  auto y = torch::bmm(g, attention.transpose(1, 2)).view({2, 2, 3, 5});
  EXPECT_TRUE(torch::allclose(block->forward(x), x + conv(block->conv_out, y), 1e-10, 1e-12));
}

TEST(BFP, ConfigErrorsNameTheKey) {
  EXPECT_EQ(error_of([] {
              models::BFPImpl(
                  Options::parse(R"({"in_channels": 3, "num_levels": 4, "refine_level": 4})", "model.neck.1"));
            }),
            "model.neck.1.refine_level: must be in [0, 4), got 4");
  EXPECT_EQ(error_of([] {
              models::BFPImpl(
                  Options::parse(R"({"in_channels": 3, "num_levels": 4, "refine_type": "gc"})", "model.neck.1"));
            }).rfind("model.neck.1.refine_type: invalid value \"gc\"", 0),
            0u);
  std::vector<torch::Tensor> three(3, torch::zeros({1, 3, 4, 4}));
  EXPECT_EQ(error_of([&] {
              models::BFPImpl(Options::parse(R"({"in_channels": 3, "num_levels": 4})", "model.neck.1")).forward(three);
            }),
            "BFP: 3 input levels, expected 4");
}

std::string tiny_libra_retinanet(const std::string& neck_json) {
  return R"({"type": "RetinaNet", "backbone": {"type": "ResNet", "depth": 18, "out_indices": [1, 2, 3]},
             "neck": )" +
         neck_json + R"(, "bbox_head": {"type": "RetinaHead", "num_classes": 3, "in_channels": 16,
             "feat_channels": 16, "stacked_convs": 1, "loss_bbox": {"type": "L1Loss"}}})";
}

TEST(NeckList, AppliedInOrderWithSequentialNames) {
  auto detector = models::build_detector(Options::parse(
      tiny_libra_retinanet(R"([{"type": "FPN", "out_channels": 16, "num_outs": 5, "add_extra_convs": "on_input"},
                                {"type": "BFP", "in_channels": 16, "num_levels": 5, "refine_type": "conv"}])"),
      "model"));
  bool fpn = false, bfp = false;
  for (const auto& p : detector->named_parameters()) {
    fpn = fpn || p.key().rfind("neck.0.lateral_convs.0.conv.weight", 0) == 0;
    bfp = bfp || p.key() == "neck.1.refine.conv.weight";
  }
  EXPECT_TRUE(fpn && bfp);
  detector->eval();
  auto dets = detector->simple_test(torch::randn({1, 3, 64, 64}), {models::ImageMeta{64, 64}}, false);
  EXPECT_EQ(dets.size(), 1u);
  // A key of the second neck that nothing reads is refused with its path.
  EXPECT_EQ(error_of([] {
              models::build_detector(Options::parse(
                  tiny_libra_retinanet(R"([{"type": "FPN", "out_channels": 16, "num_outs": 5},
                                            {"type": "BFP", "in_channels": 16, "num_levels": 5,
                                             "refin_type": "conv"}])"),
                  "model"));
            }).rfind("model.neck.1.refin_type: unknown key for BFP in registry 'neck'", 0),
            0u);
}

}  // namespace
