// Hand cases for mmdet4j::bbox_overlaps (mmdetection v2 semantics).

#include <gtest/gtest.h>

#include "ops/bbox_overlaps.h"

namespace {

TEST(BBoxOverlaps, PairwiseIouIofGiou) {
  auto a = at::tensor({0.f, 0.f, 10.f, 10.f}).view({1, 4});
  auto b = at::tensor({5.f, 0.f, 15.f, 10.f, 20.f, 20.f, 30.f, 30.f}).view({2, 4});
  auto iou = mmdet4j::ops::bbox_overlaps(a, b, "iou", false, 1e-6);
  ASSERT_EQ(iou.sizes(), (at::IntArrayRef{1, 2}));
  EXPECT_NEAR(iou[0][0].item<float>(), 50.f / 150.f, 1e-6);
  EXPECT_NEAR(iou[0][1].item<float>(), 0.f, 1e-7);
  auto iof = mmdet4j::ops::bbox_overlaps(a, b, "iof", false, 1e-6);
  EXPECT_NEAR(iof[0][0].item<float>(), 0.5f, 1e-6);
  // GIoU with the far box: enclosing box 30x30 = 900, union 200 -> 0 - 700/900.
  auto giou = mmdet4j::ops::bbox_overlaps(a, b, "giou", false, 1e-6);
  EXPECT_NEAR(giou[0][1].item<float>(), -700.f / 900.f, 1e-6);
}

TEST(BBoxOverlaps, AlignedAndZeroArea) {
  auto a = at::tensor({0.f, 0.f, 10.f, 10.f, 3.f, 3.f, 3.f, 3.f}).view({2, 4});
  auto b = at::tensor({0.f, 0.f, 10.f, 20.f, 3.f, 3.f, 3.f, 3.f}).view({2, 4});
  auto iou = mmdet4j::ops::bbox_overlaps(a, b, "iou", true, 1e-6);
  ASSERT_EQ(iou.sizes(), (at::IntArrayRef{2}));
  EXPECT_NEAR(iou[0].item<float>(), 0.5f, 1e-6);
  EXPECT_EQ(iou[1].item<float>(), 0.f);  // 0 / max(0, eps)
  EXPECT_THROW(mmdet4j::ops::bbox_overlaps(a, b.narrow(0, 0, 1), "iou", true, 1e-6), c10::Error);
  EXPECT_THROW(mmdet4j::ops::bbox_overlaps(a, b, "dice", false, 1e-6), c10::Error);
}

}  // namespace
