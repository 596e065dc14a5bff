// RetinaNet as a whole: state_dict names, FPN shapes, a training step and inference.

#include <gtest/gtest.h>

#include "core/options.h"
#include "models/backbones/resnet.h"
#include "models/detectors/detector.h"
#include "models/necks/fpn.h"
#include "tiny_detectors.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::tiny_retinanet;

TEST(RetinaNet, StateDictUsesMmdetectionNames) {
  auto model = tiny_retinanet(18);
  auto params = model->named_parameters();
  for (const char* key : {"backbone.conv1.weight", "backbone.layer1.0.conv1.weight", "backbone.layer2.0.downsample.0.weight",
                          "neck.lateral_convs.0.conv.weight", "neck.fpn_convs.4.conv.bias", "bbox_head.cls_convs.0.conv.weight",
                          "bbox_head.retina_cls.weight", "bbox_head.retina_reg.bias"}) {
    EXPECT_TRUE(params.contains(key)) << key;
  }
  EXPECT_TRUE(model->named_buffers().contains("backbone.bn1.running_mean"));
}

TEST(RetinaNet, FpnShapesFor800x1216) {
  auto o = Options::parse(
      "backbone.depth=50\nneck.out_channels=256\nneck.start_level=1\nneck.add_extra_convs=on_input\nneck.num_outs=5\n");
  models::ResNet backbone(models::ResNetOptions::from(o.sub("backbone")));
  // The neck's in_channels come from the backbone when the options leave them out.
  auto fpn_options = models::FPNOptions::from(models::with_input_channels(o.sub("neck"), *backbone));
  EXPECT_EQ(fpn_options.in_channels, (std::vector<int64_t>{256, 512, 1024, 2048}));
  models::FPN fpn(fpn_options);
  torch::NoGradGuard no_grad;
  backbone->eval();
  auto outs = fpn->forward(backbone->forward(torch::zeros({1, 3, 800, 1216})));
  ASSERT_EQ(outs.size(), 5u);
  const int64_t expected[5][2] = {{100, 152}, {50, 76}, {25, 38}, {13, 19}, {7, 10}};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(outs[i].sizes(), (at::IntArrayRef{1, 256, expected[i][0], expected[i][1]})) << "P" << i + 3;
  }
}

TEST(RetinaNet, TrainsAndPredictsOnAnImageWithAndWithoutObjects) {
  torch::manual_seed(0);
  auto model = tiny_retinanet(18);
  auto images = torch::randn({2, 3, 64, 96});
  std::vector<models::GroundTruth> gts{{torch::tensor({10.f, 10.f, 40.f, 50.f}).view({1, 4}), torch::tensor({2}, torch::kLong)},
                                       {torch::zeros({0, 4}), torch::zeros({0}, torch::kLong)}};
  std::vector<models::ImageMeta> metas{{64, 96}, {60, 90}};
  auto losses = model->forward_train(images, gts, metas);
  ASSERT_TRUE(losses.count("loss_cls") && losses.count("loss_bbox"));
  EXPECT_TRUE(std::isfinite(losses["loss_cls"].item<double>()));
  EXPECT_GT(losses["loss_bbox"].item<double>(), 0);
  (losses["loss_cls"] + losses["loss_bbox"]).backward();
  EXPECT_TRUE(model->named_parameters()["bbox_head.retina_cls.weight"].grad().defined());
  model->eval();
  torch::NoGradGuard no_grad;
  auto dets = model->simple_test(images, metas, true);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_LE(dets[0].boxes.size(0), 100);
}

}  // namespace
