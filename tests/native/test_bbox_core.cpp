// DeltaXYWHBBoxCoder and MaxIoUAssigner on hand cases.

#include <gtest/gtest.h>

#include <cmath>

#include "core/bbox/delta_xywh_coder.h"
#include "core/bbox/max_iou_assigner.h"

namespace {

using namespace mmdet4j::core;

TEST(DeltaXYWHCoder, EncodesByHandAndRoundTrips) {
  DeltaXYWHCoderOptions o;
  o.stds = {0.1, 0.1, 0.2, 0.2};
  DeltaXYWHCoder coder(o);
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

}  // namespace
