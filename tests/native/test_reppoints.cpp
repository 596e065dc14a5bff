// RepPoints: the point-set-to-box transforms and PointAssigner against hand-computed values, and
// the head (state_dict names, a training step on images with and without objects, inference).

#include <gtest/gtest.h>

#include <cmath>

#include "core/bbox/assigners/base_assigner.h"
#include "core/options.h"
#include "error_of.h"
#include "models/dense_heads/reppoints_transforms.h"
#include "models/detectors/detector.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;

// One point set (x, y): (0, 0), (4, 2), (2, 6), (6, 4), then (10, 10) as a fifth point.
torch::Tensor xy_points(bool fifth) {
  std::vector<float> v{0, 0, 4, 2, 2, 6, 6, 4};
  if (fifth) v.insert(v.end(), {10, 10});
  return torch::tensor(v).view({1, -1});
}

TEST(RepPointsTransforms, MinMaxAndPartialMinMax) {
  using models::PointsToBox;
  auto five = xy_points(true);
  EXPECT_TRUE(torch::equal(models::points_to_boxes(five, false, PointsToBox::kMinMax),
                           torch::tensor({0.f, 0.f, 10.f, 10.f}).view({1, 4})));
  // Only the first four points count.
  EXPECT_TRUE(torch::equal(models::points_to_boxes(five, false, PointsToBox::kPartialMinMax),
                           torch::tensor({0.f, 0.f, 6.f, 6.f}).view({1, 4})));
  // The same set written (y, x).
  auto yx = five.view({1, -1, 2}).flip(2).reshape({1, -1});
  EXPECT_TRUE(torch::equal(models::points_to_boxes(yx, true, PointsToBox::kMinMax),
                           torch::tensor({0.f, 0.f, 10.f, 10.f}).view({1, 4})));
}

TEST(RepPointsTransforms, MomentWithItsLearnedTransfer) {
  // x = 0, 4, 2, 6 and y = 0, 2, 6, 4: means 3, unbiased std sqrt(20 / 3).
  const double std_xy = std::sqrt(20.0 / 3);
  auto transfer = torch::tensor({std::log(2.0f), 0.0f}).requires_grad_();
  auto box = models::points_to_boxes(xy_points(false), false, models::PointsToBox::kMoment, transfer, 0.01);
  const double expected[4] = {3 - 2 * std_xy, 3 - std_xy, 3 + 2 * std_xy, 3 + std_xy};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(box[0][i].item<double>(), expected[i], 1e-5) << i;
  // d(x2 - x1)/d(transfer[0]) = 2 * std * exp(log 2), scaled by moment_mul.
  (box[0][2] - box[0][0]).backward();
  EXPECT_NEAR(transfer.grad()[0].item<double>(), 0.01 * 2 * std_xy * 2, 1e-5);
  EXPECT_EQ(transfer.grad()[1].item<double>(), 0.0);
}

TEST(RepPointsTransforms, RejectsUnknownMethods) {
  EXPECT_NE(error_of([] { models::points_to_box_method("mean", "model.bbox_head.transform_method"); })
                .find("model.bbox_head.transform_method: 'moment', 'minmax' or 'partial_minmax', got 'mean'"),
            std::string::npos);
}

// Points of two levels: stride 8 on a 4x4 grid (0..24) and stride 16 on a 3x3 grid (0..32), each
// (x, y, stride) at offset 0 as RepPoints places them.
torch::Tensor two_levels() {
  std::vector<float> v;
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) v.insert(v.end(), {x * 8.f, y * 8.f, 8.f});
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 3; ++x) v.insert(v.end(), {x * 16.f, y * 16.f, 16.f});
  return torch::tensor(v).view({-1, 3});
}

TEST(PointAssigner, NearestPointsOnTheLevelOfTheBoxSize) {
  auto assigner = core::build_assigner(Options::parse("type=PointAssigner\nscale=4\npos_num=1\n", "assigner"));
  // 32x32 boxes map to level (log2(32/4) + log2(32/4)) / 2 = 3 (stride 8), the 64x64 box to 4.
  // A (centre 15, 15) claims point (16, 16) at distance |(1, 1) / 32| = 0.044; B (centre 19, 19)
  // is farther from it (0.133) and claims nothing; C (centre 16.5, 16.5) is nearer (0.022) and
  // takes it over; D claims (32, 32) on the stride-16 level.
  auto gts = torch::tensor({-1.f, -1.f, 31.f, 31.f, 3.f, 3.f, 35.f, 35.f, 0.5f, 0.5f, 32.5f, 32.5f, 0.f, 0.f, 64.f, 64.f})
                 .view({4, 4});
  auto labels = torch::tensor({0, 1, 2, 1}, torch::kLong);
  auto r = assigner->assign(two_levels(), gts, labels);
  auto expected = torch::zeros({25}, torch::kLong);
  expected[2 * 4 + 2] = 3;       // (16, 16) at stride 8 -> C
  expected[16 + 2 * 3 + 2] = 4;  // (32, 32) at stride 16 -> D
  EXPECT_TRUE(torch::equal(r.gt_inds, expected)) << r.gt_inds;
  EXPECT_EQ(r.labels[10].item<int64_t>(), 2);
  EXPECT_EQ(r.labels[24].item<int64_t>(), 1);
  EXPECT_EQ(r.labels[0].item<int64_t>(), -1);

  // pos_num=3: A's three nearest on its level; no ground truth: every point negative.
  auto three = core::build_assigner(Options::parse("type=PointAssigner\npos_num=3\n", "assigner"));
  auto a = three->assign(two_levels(), gts.narrow(0, 0, 1), labels.narrow(0, 0, 1));
  EXPECT_EQ((a.gt_inds == 1).sum().item<int64_t>(), 3);
  EXPECT_EQ(a.gt_inds[10].item<int64_t>(), 1);
  auto none = three->assign(two_levels(), torch::zeros({0, 4}), torch::zeros({0}, torch::kLong));
  EXPECT_EQ(none.gt_inds.abs().sum().item<int64_t>(), 0);
}

std::string tiny_reppoints(const std::string& extra) {
  return "type=RepPointsDetector\nbackbone.type=ResNet\nneck.type=FPN\nbbox_head.type=RepPointsHead\n"
         "backbone.depth=18\nbackbone.out_indices=1,2,3\nbackbone.frozen_stages=-1\nbackbone.norm_eval=false\n"
         "neck.in_channels=128,256,512\nneck.out_channels=32\nneck.num_outs=5\nneck.start_level=0\n"
         "neck.add_extra_convs=on_input\n"
         "bbox_head.num_classes=3\nbbox_head.in_channels=32\nbbox_head.feat_channels=32\n"
         "bbox_head.point_feat_channels=32\nbbox_head.stacked_convs=2\n"
         "train_cfg.init.assigner.type=PointAssigner\ntrain_cfg.init.assigner.scale=4\n"
         "train_cfg.init.assigner.pos_num=1\n"
         "train_cfg.refine.assigner.type=MaxIoUAssigner\ntrain_cfg.refine.assigner.pos_iou_thr=0.5\n"
         "train_cfg.refine.assigner.neg_iou_thr=0.4\ntrain_cfg.refine.assigner.min_pos_iou=0\n"
         "test_cfg.score_thr=0.0\n" +
         extra;
}

std::shared_ptr<models::DetectorModule> build(const std::string& text) {
  return models::build_detector(Options::parse(text, "model"));
}

TEST(RepPointsHead, StateDictUsesMmdetectionNames) {
  auto params = build(tiny_reppoints(""))->named_parameters();
  for (const char* key : {"bbox_head.cls_convs.1.conv.weight", "bbox_head.reg_convs.0.conv.bias",
                          "bbox_head.reppoints_cls_conv.weight", "bbox_head.reppoints_cls_out.bias",
                          "bbox_head.reppoints_pts_init_conv.weight", "bbox_head.reppoints_pts_init_out.weight",
                          "bbox_head.reppoints_pts_refine_conv.weight", "bbox_head.reppoints_pts_refine_out.bias",
                          "bbox_head.moment_transfer"}) {
    EXPECT_TRUE(params.contains(key)) << key;
  }
  EXPECT_FALSE(params.contains("bbox_head.reppoints_cls_conv.bias"));  // mmcv's DeformConv2d has none
  EXPECT_EQ(params["bbox_head.reppoints_pts_init_out.weight"].size(0), 18);  // 9 (dy, dx) pairs
  EXPECT_NEAR(params["bbox_head.reppoints_cls_out.bias"][0].item<float>(), -std::log(99.0f), 1e-5);
  // use_grid_points: the branches regress boxes (4 values).
  auto grid = build(tiny_reppoints("bbox_head.use_grid_points=true\nbbox_head.transform_method=minmax\n"));
  EXPECT_EQ(grid->named_parameters()["bbox_head.reppoints_pts_refine_out.weight"].size(0), 4);
  EXPECT_FALSE(grid->named_parameters().contains("bbox_head.moment_transfer"));
  EXPECT_NE(error_of([] { build(tiny_reppoints("bbox_head.num_points=8\n")); }).find("odd square"),
            std::string::npos);
}

TEST(RepPointsHead, TrainsAndPredictsOnImagesWithAndWithoutObjects) {
  for (const char* variant : {"", "bbox_head.transform_method=minmax\nbbox_head.center_init=false\n",
                              "bbox_head.use_grid_points=true\nbbox_head.transform_method=minmax\n"}) {
    torch::manual_seed(0);
    auto model = build(tiny_reppoints(variant));
    model->train();
    auto images = torch::randn({2, 3, 64, 96});
    std::vector<models::GroundTruth> gts = {
        {torch::tensor({8.f, 8.f, 40.f, 50.f, 50.f, 10.f, 90.f, 30.f}).view({2, 4}), torch::tensor({0, 2}, torch::kLong),
         {}},
        {torch::zeros({0, 4}), torch::zeros({0}, torch::kLong), {}}};
    std::vector<models::ImageMeta> metas = {{64, 96}, {64, 96}};
    auto losses = model->forward_train(images, gts, metas);
    ASSERT_EQ(losses.size(), 3u) << variant;
    torch::Tensor total = torch::zeros({});
    for (const auto& [name, value] : losses) {
      EXPECT_TRUE(std::isfinite(value.item<double>())) << name << " " << variant;
      total = total + value;
    }
    EXPECT_GT(losses["loss_pts_init"].item<double>(), 0) << variant;
    total.backward();
    auto params = model->named_parameters();
    EXPECT_TRUE(params["bbox_head.reppoints_pts_init_out.weight"].grad().defined()) << variant;
    EXPECT_TRUE(params["bbox_head.reppoints_cls_conv.weight"].grad().defined()) << variant;

    model->eval();
    torch::NoGradGuard no_grad;
    auto dets = model->simple_test(images, metas, false);
    ASSERT_EQ(dets.size(), 2u);
    for (const auto& d : dets) {
      EXPECT_LE(d.boxes.size(0), 100);
      if (d.boxes.size(0) > 0) {
        EXPECT_GE(d.boxes.min().item<float>(), 0.0f);
        EXPECT_LE(d.boxes.select(1, 2).max().item<float>(), 96.0f);
      }
    }
  }
}

}  // namespace
