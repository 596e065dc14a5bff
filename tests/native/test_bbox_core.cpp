// DeltaXYWHBBoxCoder and MaxIoUAssigner on hand cases.

#include <gtest/gtest.h>

#include <cmath>

#include "core/bbox/assigners/max_iou_assigner.h"
#include "core/bbox/coder/delta_xywh_bbox_coder.h"
#include "error_of.h"

namespace {

using namespace mmdet4j::core;

TEST(DeltaXYWHBBoxCoder, EncodesByHandAndRoundTrips) {
  DeltaXYWHBBoxCoderOptions o;
  o.stds = {0.1, 0.1, 0.2, 0.2};
  DeltaXYWHBBoxCoder coder(o);
  auto anchor = at::tensor({0.f, 0.f, 10.f, 20.f}).view({1, 4});
  auto gt = at::tensor({5.f, 0.f, 25.f, 20.f}).view({1, 4});
  auto d = coder.encode(anchor, gt);
  // centre x 5 -> 15: dx = 10 / 10 / 0.1; width 10 -> 20: dw = log 2 / 0.2.
  EXPECT_NEAR(d[0][0].item<float>(), 10.0, 1e-5);
  EXPECT_NEAR(d[0][1].item<float>(), 0.0, 1e-6);
  EXPECT_NEAR(d[0][2].item<float>(), std::log(2.0) / 0.2, 1e-5);
  EXPECT_NEAR(d[0][3].item<float>(), 0.0, 1e-6);
  auto back = coder.decode(anchor, d);
  EXPECT_TRUE(at::allclose(back, gt, 1e-5, 1e-4)) << back;
  // Clamped to a 15x18 (h x w) image.
  auto clamped = coder.decode(anchor, d, 15, 18);
  EXPECT_FLOAT_EQ(clamped[0][2].item<float>(), 18.f);
  EXPECT_FLOAT_EQ(clamped[0][3].item<float>(), 15.f);
}

TEST(MaxIoUAssigner, PositiveNegativeIgnoredAndLowQualityMatch) {
  MaxIoUAssignerOptions o;  // pos 0.5, neg [0, 0.4), min_pos_iou 0
  o.min_pos_iou = 0.1;
  MaxIoUAssigner assigner(o);
  auto gt = at::tensor({0.f, 0.f, 10.f, 10.f, 100.f, 100.f, 110.f, 110.f}).view({2, 4});
  auto labels = at::tensor({3, 7}, at::kLong);
  auto boxes = at::tensor({0.f, 0.f, 10.f, 10.f,      // IoU 1 with gt 0 -> positive
                           0.f, 0.f, 10.f, 5.f,       // IoU 0.5 -> positive
                           0.f, 0.f, 10.f, 4.5f,      // IoU 0.45 -> ignored
                           50.f, 50.f, 60.f, 60.f,    // IoU 0 -> negative
                           103.f, 103.f, 123.f, 123.f})  // IoU 49/351 = 0.14 with gt 1: only by low-quality match
                   .view({5, 4});
  auto r = assigner.assign(boxes, gt, labels);
  EXPECT_TRUE(at::equal(r.gt_inds, at::tensor({1, 1, -1, 0, 2}, at::kLong))) << r.gt_inds;
  EXPECT_TRUE(at::equal(r.labels, at::tensor({3, 3, -1, -1, 7}, at::kLong))) << r.labels;
  // Above min_pos_iou only: with 0.2 the last box is not claimed and stays negative.
  o.min_pos_iou = 0.2;
  auto strict = MaxIoUAssigner(o).assign(boxes, gt, labels);
  EXPECT_EQ(strict.gt_inds[4].item<int64_t>(), 0);
}

TEST(MaxIoUAssigner, NoGroundTruthMeansAllNegative) {
  MaxIoUAssigner assigner{MaxIoUAssignerOptions{}};
  auto r = assigner.assign(at::rand({4, 4}).cumsum(1), at::zeros({0, 4}), at::zeros({0}, at::kLong));
  EXPECT_TRUE((r.gt_inds == 0).all().item<bool>());
}

// Built from configs through the registries, with mmdetection's keys and errors at their paths.
TEST(MaxIoUAssigner, BuiltFromAConfigWithARangeOfNegatives) {
  auto assigner = build_assigner(mmdet4j::Options::parse(
      R"({"type": "MaxIoUAssigner", "pos_iou_thr": 0.5, "neg_iou_thr": [0.1, 0.4], "min_pos_iou": 0.5})", "assigner"));
  auto gt = at::tensor({0.f, 0.f, 10.f, 10.f}).view({1, 4});
  auto boxes = at::tensor({0.f, 0.f, 10.f, 10.f,    // IoU 1 -> positive
                           0.f, 0.f, 10.f, 3.f,     // IoU 0.3 -> negative
                           0.f, 0.f, 10.f, 0.5f,    // IoU 0.05 -> below the range: ignored
                           50.f, 50.f, 60.f, 60.f})  // IoU 0 -> ignored too
                   .view({4, 4});
  auto r = assigner->assign(boxes, gt, at::tensor({2}, at::kLong));
  EXPECT_TRUE(at::equal(r.gt_inds, at::tensor({1, 0, -1, -1}, at::kLong))) << r.gt_inds;
}

TEST(MaxIoUAssigner, ConfigErrorsNameTheKey) {
  using mmdet4j::test_support::error_of;
  auto build = [](const std::string& extra) {
    build_assigner(mmdet4j::Options::parse(
        R"({"type": "MaxIoUAssigner", "pos_iou_thr": 0.5, "neg_iou_thr": 0.4)" + extra + "}", "train_cfg.assigner"));
  };
  EXPECT_EQ(error_of([&] { build(R"(, "ignore_iof_thr": 0.5)"); }),
            "train_cfg.assigner.ignore_iof_thr: only values <= 0 are supported natively (the detectors are not given "
            "gt_bboxes_ignore), got 0.5");
  EXPECT_EQ(error_of([&] { build(R"(, "iou_calculator": {"type": "BboxOverlaps3D"})"); }),
            "train_cfg.assigner.iou_calculator: only {type: BboxOverlaps2D} is supported natively, got "
            R"({"type":"BboxOverlaps3D"})");
  EXPECT_EQ(error_of([&] { build(R"(, "min_pos_io": 0.5)"); }),
            "train_cfg.assigner.min_pos_io: unknown key for MaxIoUAssigner in registry 'assigner'; did you mean "
            "'min_pos_iou'?");
  EXPECT_EQ(error_of([] {
              build_assigner(mmdet4j::Options::parse(
                  R"({"type": "MaxIoUAssigner", "pos_iou_thr": 0.5, "neg_iou_thr": [0.1, 0.2, 0.3]})", "a"));
            }),
            "a.neg_iou_thr: expected a number or a (low, high) pair, got 3 values");
}

TEST(DeltaXYWHBBoxCoder, BuiltFromAConfigChecksItsVectors) {
  using mmdet4j::test_support::error_of;
  EXPECT_EQ(error_of([] {
              build_bbox_coder(mmdet4j::Options::parse(
                  R"({"type": "DeltaXYWHBBoxCoder", "target_stds": [0.1, 0.1, 0.2]})", "bbox_head.bbox_coder"));
            }),
            "bbox_head.bbox_coder.target_stds: needs 4 values, got 3");
  auto coder = build_bbox_coder(mmdet4j::Options::parse(R"({"type": "DeltaXYWHBBoxCoder"})"));
  auto box = at::tensor({0.f, 0.f, 10.f, 10.f}).view({1, 4});
  EXPECT_TRUE(at::allclose(coder->encode(box, box + 1), at::tensor({0.1f, 0.1f, 0.f, 0.f}).view({1, 4})));
}

}  // namespace
