// FCOS: the point grid, the distance coder, the training targets against hand-computed values,
// and the head (state_dict names, init, a training step and inference).

#include <gtest/gtest.h>

#include <cmath>

#include "core/anchor/point_generator.h"
#include "core/bbox/coder/distance_point_bbox_coder.h"
#include "core/options.h"
#include "error_of.h"
#include "models/dense_heads/fcos_targets.h"
#include "models/detectors/detector.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;

torch::Tensor t(std::initializer_list<float> v, int64_t cols) {
  return torch::tensor(std::vector<float>(v)).view({-1, cols});
}

TEST(PointGenerator, CellCentresRowByRow) {
  auto p = core::grid_points(2, 3, 8, torch::kFloat);
  EXPECT_TRUE(torch::equal(p, t({4, 4, 12, 4, 20, 4, 4, 12, 12, 12, 20, 12}, 2)));
}

TEST(DistancePointBBoxCoder, EncodesDecodesAndClips) {
  core::DistancePointBBoxCoder coder;
  auto points = t({10, 20, 5, 5}, 2);
  auto boxes = t({4, 8, 30, 22, 0, 1, 9, 6}, 4);
  auto d = coder.encode(points, boxes);
  EXPECT_TRUE(torch::equal(d, t({6, 12, 20, 2, 5, 4, 4, 1}, 4)));
  EXPECT_TRUE(torch::equal(coder.decode(points, d), boxes));
  EXPECT_TRUE(torch::equal(coder.decode(points, d, /*max_h=*/21, /*max_w=*/25), t({4, 8, 25, 21, 0, 1, 9, 6}, 4)));
}

// Two ground truths in a 32x32 image: A = [0, 0, 32, 32] (label 0) and B = [16, 16, 32, 32]
// (label 1, a quarter of A's area); one level of stride 8 has points at 4, 12, 20, 28 per axis.
models::GroundTruth two_boxes() {
  return {t({0, 0, 32, 32, 16, 16, 32, 32}, 4), torch::tensor({0, 1}, torch::kLong), {}};
}

models::GroundTruth no_boxes() { return {torch::zeros({0, 4}), torch::zeros({0}, torch::kLong), {}}; }

// Distances (left, top, right, bottom) from (x, y) to a box.
std::vector<float> dist(float x, float y, float x1, float y1, float x2, float y2) {
  return {x - x1, y - y1, x2 - x, y2 - y};
}

TEST(FcosTargets, SmallestBoxWinsAPointInsideBoth) {
  models::FcosTargetSettings s;
  s.strides = {8};
  s.regress_ranges = {{-1, 1e8}};
  s.background = 3;
  auto targets = models::fcos_targets({core::grid_points(4, 4, 8, torch::kFloat)}, {two_boxes()}, s);
  std::vector<int64_t> labels;
  std::vector<float> boxes;
  for (float y : {4, 12, 20, 28}) {
    for (float x : {4, 12, 20, 28}) {
      const bool in_b = x > 16 && y > 16;
      labels.push_back(in_b ? 1 : 0);
      auto d = in_b ? dist(x, y, 16, 16, 32, 32) : dist(x, y, 0, 0, 32, 32);
      boxes.insert(boxes.end(), d.begin(), d.end());
    }
  }
  EXPECT_TRUE(torch::equal(targets.labels, torch::tensor(labels)));
  EXPECT_TRUE(torch::equal(targets.bbox_targets, torch::tensor(boxes).view({-1, 4})));
}

TEST(FcosTargets, CenterSamplingKeepsOnlyPointsNearTheCentres) {
  models::FcosTargetSettings s;
  s.strides = {8};
  s.regress_ranges = {{-1, 1e8}};
  s.center_sampling = true;
  s.center_sample_radius = 1.0;  // 8 px: A's centre region is [8, 24]^2, B's [16, 32]^2 (B itself)
  s.background = 3;
  auto targets = models::fcos_targets({core::grid_points(4, 4, 8, torch::kFloat)}, {two_boxes()}, s);
  // Row by row (y = 4, 12, 20, 28): the points strictly inside A's centre region are (12|20, 12|20);
  // B's are (20|28, 20|28); (20, 20) is in both and goes to the smaller B.
  const std::vector<int64_t> labels = {3, 3, 3, 3,  //
                                       3, 0, 0, 3,  //
                                       3, 0, 1, 1,  //
                                       3, 3, 1, 1};
  EXPECT_TRUE(torch::equal(targets.labels, torch::tensor(labels)));
  // Targets stay the distances to the whole box: (12, 12) to A, (20, 20) to B.
  EXPECT_TRUE(torch::equal(targets.bbox_targets[5], torch::tensor(dist(12, 12, 0, 0, 32, 32))));
  EXPECT_TRUE(torch::equal(targets.bbox_targets[10], torch::tensor(dist(20, 20, 16, 16, 32, 32))));
  EXPECT_TRUE(torch::equal(targets.bbox_targets[0], torch::tensor(dist(4, 4, 0, 0, 32, 32))));
}

TEST(FcosTargets, RegressRangesPickTheLevelAndNormOnBboxDividesByStride) {
  models::FcosTargetSettings s;
  s.strides = {8, 16};
  s.regress_ranges = {{-1, 13}, {13, 1e8}};
  s.norm_on_bbox = true;
  s.background = 3;
  std::vector<torch::Tensor> points = {core::grid_points(4, 4, 8, torch::kFloat),
                                       core::grid_points(2, 2, 16, torch::kFloat)};
  // Two images, the second without objects; flattened level by level, then image by image.
  auto targets = models::fcos_targets(points, {two_boxes(), no_boxes()}, s);
  ASSERT_EQ(targets.labels.size(0), 2 * 16 + 2 * 4);
  // Level 0 (max distance <= 13): only B's points (largest distance 12); A's are at least 16 away
  // from a side.
  std::vector<int64_t> level0(16, 3);
  for (int i : {10, 11, 14, 15}) level0[i] = 1;
  EXPECT_TRUE(torch::equal(targets.labels.narrow(0, 0, 16), torch::tensor(level0)));
  EXPECT_TRUE(torch::equal(targets.labels.narrow(0, 16, 16), torch::full({16}, 3, torch::kLong)));
  EXPECT_TRUE(torch::equal(targets.bbox_targets[10], torch::tensor(dist(20, 20, 16, 16, 32, 32)) / 8));
  // Level 1 (points at 8 and 24, max distance > 13): every point is A's, (24, 24) too although it
  // lies inside the smaller B, whose largest distance from it (8) is outside the level's range.
  EXPECT_TRUE(torch::equal(targets.labels.narrow(0, 32, 4), torch::zeros({4}, torch::kLong)));
  EXPECT_TRUE(torch::equal(targets.labels.narrow(0, 36, 4), torch::full({4}, 3, torch::kLong)));
  EXPECT_TRUE(torch::equal(targets.bbox_targets[35], torch::tensor(dist(24, 24, 0, 0, 32, 32)) / 16));
  EXPECT_TRUE(torch::equal(targets.bbox_targets.narrow(0, 36, 4), torch::zeros({4, 4})));
}

TEST(FcosTargets, CenternessIsOneAtTheCentreAndFallsTowardsTheSides) {
  auto c = models::centerness_target(t({8, 8, 8, 8, 4, 4, 12, 12, 12, 12, 20, 20, 0, 5, 5, 5}, 4));
  auto expected = torch::tensor({1.0f, 1.0f / 3, 0.6f, 0.0f});
  EXPECT_TRUE(torch::allclose(c, expected, 1e-6, 1e-6)) << c;
  EXPECT_EQ(models::centerness_target(torch::zeros({0, 4})).size(0), 0);
}

std::string tiny_fcos(const std::string& extra) {
  return "type=FCOS\nbackbone.type=ResNet\nneck.type=FPN\nbbox_head.type=FCOSHead\n"
         "backbone.depth=18\nbackbone.out_indices=1,2,3\nbackbone.frozen_stages=-1\nbackbone.norm_eval=false\n"
         "neck.out_channels=32\nneck.num_outs=5\nneck.start_level=0\nneck.add_extra_convs=on_output\n"
         "neck.relu_before_extra_convs=true\n"
         "bbox_head.num_classes=3\nbbox_head.in_channels=32\nbbox_head.feat_channels=32\nbbox_head.stacked_convs=2\n"
         "bbox_head.strides=8,16,32,64,128\nbbox_head.norm_cfg.type=GN\nbbox_head.norm_cfg.num_groups=8\n" +
         extra;
}

std::shared_ptr<models::DetectorModule> build(const std::string& text) {
  return models::build_detector(Options::parse(text, "model"));
}

TEST(FCOSHead, StateDictUsesMmdetectionNamesAndInit) {
  auto model = build(tiny_fcos(""));
  auto params = model->named_parameters();
  for (const char* key : {"bbox_head.cls_convs.0.conv.weight", "bbox_head.cls_convs.1.gn.weight",
                          "bbox_head.reg_convs.0.gn.bias", "bbox_head.conv_cls.weight", "bbox_head.conv_reg.bias",
                          "bbox_head.conv_centerness.weight", "bbox_head.scales.4.scale"}) {
    EXPECT_TRUE(params.contains(key)) << key;
  }
  // conv_bias='auto' with a norm: no bias in the towers.
  EXPECT_FALSE(params.contains("bbox_head.cls_convs.0.conv.bias"));
  EXPECT_EQ(params["bbox_head.scales.0.scale"].dim(), 0);
  EXPECT_FLOAT_EQ(params["bbox_head.scales.0.scale"].item<float>(), 1.0f);
  EXPECT_NEAR(params["bbox_head.conv_cls.bias"][0].item<float>(), -std::log(99.0f), 1e-5);
  EXPECT_EQ(params["bbox_head.conv_reg.bias"].abs().sum().item<float>(), 0.0f);
  EXPECT_NEAR(params["bbox_head.conv_reg.weight"].std().item<float>(), 0.01, 0.002);

  auto with_bias = build(tiny_fcos("bbox_head.conv_bias=true\n"))->named_parameters();
  EXPECT_TRUE(with_bias.contains("bbox_head.cls_convs.0.conv.bias"));
}

TEST(FCOSHead, TrainsAndPredictsOnImagesWithAndWithoutObjects) {
  for (const char* variant : {"", "bbox_head.center_sampling=true\nbbox_head.norm_on_bbox=true\n"
                                  "bbox_head.centerness_on_reg=true\nbbox_head.loss_bbox.type=GIoULoss\n"}) {
    torch::manual_seed(0);
    auto model = build(tiny_fcos(variant));
    model->train();
    auto images = torch::randn({2, 3, 64, 96});
    std::vector<models::GroundTruth> gts = {{t({8, 8, 40, 50, 50, 10, 90, 30}, 4), torch::tensor({0, 2}, torch::kLong), {}},
                                            no_boxes()};
    std::vector<models::ImageMeta> metas = {{64, 96}, {64, 96}};
    auto losses = model->forward_train(images, gts, metas);
    ASSERT_EQ(losses.size(), 3u) << variant;
    torch::Tensor total = torch::zeros({});
    for (const auto& [name, value] : losses) {
      EXPECT_TRUE(std::isfinite(value.item<double>())) << name << " " << variant;
      total = total + value;
    }
    EXPECT_GT(losses["loss_bbox"].item<double>(), 0) << variant;
    total.backward();
    EXPECT_TRUE(model->named_parameters()["bbox_head.scales.0.scale"].grad().defined()) << variant;

    // No objects in the batch: the box and centerness losses are 0 but keep their graph.
    auto empty = model->forward_train(images, {no_boxes(), no_boxes()}, metas);
    EXPECT_EQ(empty["loss_bbox"].item<double>(), 0) << variant;
    EXPECT_TRUE(empty["loss_centerness"].requires_grad()) << variant;

    model->eval();
    torch::NoGradGuard no_grad;
    auto dets = model->simple_test(images, metas, false);
    ASSERT_EQ(dets.size(), 2u);
    for (const auto& d : dets) {
      EXPECT_LE(d.boxes.size(0), 100);
      EXPECT_EQ(d.boxes.size(0), d.scores.size(0));
      if (d.boxes.size(0) > 0) {
        EXPECT_GE(d.boxes.min().item<float>(), 0.0f);
        EXPECT_LE(d.boxes.select(1, 2).max().item<float>(), 96.0f);
        EXPECT_LT(d.labels.max().item<int64_t>(), 3);
      }
    }
  }
}

TEST(FCOSHead, ConfigErrorsNameTheKey) {
  EXPECT_NE(error_of([] { build(tiny_fcos("bbox_head.conv_cfg.type=DCNv3\n")); })
                .find("bbox_head.conv_cfg.type: 'DCN' or 'DCNv2', got 'DCNv3'"),
            std::string::npos);
  EXPECT_NE(error_of([] { build(tiny_fcos("bbox_head.loss_bbox.type=L1Loss\n")); }).find("bbox_head.loss_bbox"),
            std::string::npos);
  EXPECT_NE(error_of([] { build(tiny_fcos("bbox_head.strides=8,16,32\n")); }).find("bbox_head.regress_ranges"),
            std::string::npos);
  EXPECT_NE(error_of([] { build(tiny_fcos("bbox_head.conv_bias=maybe\n")); }).find("bbox_head.conv_bias"),
            std::string::npos);
  // FCOS reads nothing of train_cfg, but a misspelt key there is still an error, not silence.
  EXPECT_NE(error_of([] { build(tiny_fcos("train_cfg.alowed_border=-1\n")); }).find("train_cfg.alowed_border"),
            std::string::npos);
  EXPECT_EQ(error_of([] { build(tiny_fcos("train_cfg.allowed_border=-1\ntrain_cfg.pos_weight=-1\n")); }), "");
}

}  // namespace
