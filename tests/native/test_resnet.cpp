// ResNet's initialisation and option checks (mmdetection v2's ResNet).

#include <gtest/gtest.h>

#include <string>

#include "core/options.h"
#include "error_of.h"
#include "models/backbones/backbone.h"
#include "registry/registry.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;

std::shared_ptr<models::Backbone> resnet(const std::string& lines) {
  return build<models::Backbone>("backbone", Options::parse("type=ResNet\n" + lines, "model.backbone"), "");
}

bool all_equal(const torch::Tensor& t, double value) { return torch::all(t == value).item<bool>(); }

TEST(ResNet, ZeroInitResidualZeroesTheLastNormOfEveryBlock) {
  // mmdetection v2's default: norm2 of each BasicBlock, norm3 of each Bottleneck starts at 0.
  auto basic = resnet("depth=18")->named_parameters();
  for (const char* block : {"layer1.0", "layer1.1", "layer2.0", "layer4.1"}) {
    EXPECT_TRUE(all_equal(basic[std::string(block) + ".bn2.weight"], 0)) << block;
    EXPECT_TRUE(all_equal(basic[std::string(block) + ".bn1.weight"], 1)) << block;
  }
  auto bottleneck = resnet("depth=50")->named_parameters();
  for (const char* block : {"layer1.0", "layer3.5", "layer4.2"}) {
    EXPECT_TRUE(all_equal(bottleneck[std::string(block) + ".bn3.weight"], 0)) << block;
    EXPECT_TRUE(all_equal(bottleneck[std::string(block) + ".bn2.weight"], 1)) << block;
  }
  // The stem and the downsample norms are not residual branches.
  EXPECT_TRUE(all_equal(bottleneck["bn1.weight"], 1));
  EXPECT_TRUE(all_equal(bottleneck["layer2.0.downsample.1.weight"], 1));

  auto plain = resnet("depth=18\nzero_init_residual=false")->named_parameters();
  EXPECT_TRUE(all_equal(plain["layer1.0.bn2.weight"], 1));
}

TEST(ResNet, BadOptionsNameTheirKey) {
  EXPECT_EQ(error_of([] { resnet("depth=42"); }),
            "model.backbone.depth: invalid depth 42 for ResNet (one of 18, 34, 50, 101, 152)");
  EXPECT_EQ(error_of([] { resnet("depth=18\ninit_cfg.type=Kaiming"); }),
            "model.backbone.init_cfg.type: only 'Pretrained' is supported, got 'Kaiming'");
  EXPECT_EQ(error_of([] { resnet("depth=18\ninit_cfg.type=Pretrained"); }),
            "model.backbone.init_cfg.checkpoint: the checkpoint to load is missing");
  EXPECT_EQ(error_of([] { resnet("depth=18\npretrained=a.pth\ninit_cfg.type=Pretrained\ninit_cfg.checkpoint=b.pth"); }),
            "model.backbone.pretrained: init_cfg and pretrained cannot be given together (mmdetection v2 refuses it "
            "too)");
  EXPECT_EQ(error_of([] { resnet("depth=18\ninit_cfg.type=Pretrained\ninit_cfg.checkpoint=b.pth"); }), "");
}

// dcn and plugins: mmdetection's checks, errors naming the config path.
TEST(ResNet, DeformableConvAndPluginErrors) {
  auto contains = [](const std::string& error, const std::string& part) {
    return error.find(part) != std::string::npos;
  };
  EXPECT_TRUE(contains(error_of([] { resnet("depth=18\ndcn.type=DCN\nstage_with_dcn=[false, true, true, true]"); }),
                       "model.backbone.dcn: dcn and plugins need a Bottleneck ResNet"));
  EXPECT_TRUE(contains(error_of([] { resnet("depth=50\ndcn.type=DCN\nstage_with_dcn=[true, true]"); }),
                       "model.backbone.stage_with_dcn: needs 4 booleans"));
  EXPECT_TRUE(contains(error_of([] { resnet("depth=50\ndcn.type=DCNv3"); }), "model.backbone.dcn.type: 'DCN' or 'DCNv2'"));
  EXPECT_TRUE(contains(
      error_of([] { resnet(R"(depth=50
plugins=[{"cfg": {"type": "GeneralizedAttention"}}])"); }),
      "model.backbone.plugins.0.cfg.type: the native ResNet has only the ContextBlock plugin"));
  // Without a dcn the per-stage flags are not checked against num_stages (mmdetection asserts
  // only with one): a three-stage ResNet builds with the four-entry default.
  EXPECT_EQ(error_of([] { resnet("depth=50\nnum_stages=3\nout_indices=0,1,2"); }), "");
}

}  // namespace
