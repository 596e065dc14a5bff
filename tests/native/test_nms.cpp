// Hand cases for mmdet4j::nms / batched_nms / soft_nms through the dispatcher.

#include <gtest/gtest.h>

#include <cmath>

#include "ops/nms.h"

namespace {

at::Tensor boxes_of(std::vector<float> v) {
  return at::tensor(v, at::kFloat).view({-1, 4});
}

std::vector<int64_t> as_vector(const at::Tensor& t) {
  return std::vector<int64_t>(t.data_ptr<int64_t>(), t.data_ptr<int64_t>() + t.numel());
}

TEST(Nms, KeepsHighestAndDropsOverlapsAboveThreshold) {
  // Box 1 overlaps box 0 with IoU 81/119 = 0.68; box 2 is far away.
  auto boxes = boxes_of({0, 0, 10, 10, 1, 1, 11, 11, 50, 50, 60, 60});
  auto scores = at::tensor({0.9f, 0.8f, 0.7f});
  EXPECT_EQ(as_vector(mmdet4j::ops::nms(boxes, scores, 0.5)), (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(as_vector(mmdet4j::ops::nms(boxes, scores, 0.7)), (std::vector<int64_t>{0, 1, 2}));
}

TEST(Nms, IouExactlyAtThresholdIsKept) {
  // IoU = 50 / 100 = 0.5 exactly: suppression needs IoU > threshold.
  auto boxes = boxes_of({0, 0, 10, 10, 0, 0, 10, 5});
  auto scores = at::tensor({0.5f, 0.9f});
  EXPECT_EQ(as_vector(mmdet4j::ops::nms(boxes, scores, 0.5)), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(as_vector(mmdet4j::ops::nms(boxes, scores, 0.49)), (std::vector<int64_t>{1}));
}

TEST(Nms, TiedScoresPreferLowerIndex) {
  auto boxes = boxes_of({0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10});
  auto scores = at::tensor({0.5f, 0.5f, 0.5f});
  EXPECT_EQ(as_vector(mmdet4j::ops::nms(boxes, scores, 0.5)), (std::vector<int64_t>{0}));
}

TEST(Nms, EmptyInputGivesEmptyOutput) {
  auto keep = mmdet4j::ops::nms(at::empty({0, 4}), at::empty({0}), 0.5);
  EXPECT_EQ(keep.numel(), 0);
  EXPECT_EQ(keep.scalar_type(), at::kLong);
}

TEST(Nms, RejectsMalformedBoxes) {
  auto scores = at::tensor({0.9f});
  EXPECT_THROW(mmdet4j::ops::nms(boxes_of({5, 0, 1, 10}), scores, 0.5), c10::Error);
  EXPECT_THROW(mmdet4j::ops::nms(boxes_of({0, NAN, 1, 10}), scores, 0.5), c10::Error);
  EXPECT_THROW(mmdet4j::ops::nms(at::zeros({1, 5}), scores, 0.5), c10::Error);
  EXPECT_THROW(mmdet4j::ops::nms(boxes_of({0, 0, 1, 1}), at::tensor({0.9f, 0.1f}), 0.5),
               c10::Error);
  try {
    mmdet4j::ops::nms(boxes_of({0, 0, 1, 1, 5, 0, 1, 10}), at::tensor({0.9f, 0.1f}), 0.5);
    FAIL() << "expected an error";
  } catch (const c10::Error& e) {
    EXPECT_NE(std::string(e.what_without_backtrace()).find("boxes[1] has x2 < x1"),
              std::string::npos)
        << e.what_without_backtrace();
  }
}

TEST(BatchedNms, SuppressesOnlyWithinAClass) {
  auto boxes = boxes_of({0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10});
  auto scores = at::tensor({0.9f, 0.8f, 0.7f});
  auto idxs = at::tensor({0, 1, 0}, at::kLong);
  EXPECT_EQ(as_vector(mmdet4j::ops::batched_nms(boxes, scores, idxs, 0.5)),
            (std::vector<int64_t>{0, 1}));
}

TEST(SoftNms, LinearDecayMatchesHandComputation) {
  // IoU(0, 1) = 50 / 100 = 0.5 > 0.3: score 0.8 decays to 0.8 * (1 - 0.5) = 0.4.
  auto boxes = boxes_of({0, 0, 10, 10, 0, 0, 10, 5});
  auto scores = at::tensor({0.9f, 0.8f});
  auto [dets, keep] = mmdet4j::ops::soft_nms(boxes, scores, 0.3, 0.5, 1e-3, "linear");
  ASSERT_EQ(as_vector(keep), (std::vector<int64_t>{0, 1}));
  EXPECT_FLOAT_EQ(dets[0][4].item<float>(), 0.9f);
  EXPECT_FLOAT_EQ(dets[1][4].item<float>(), 0.4f);
  // Gaussian: 0.8 * exp(-0.25 / 0.5).
  auto [gdets, gkeep] = mmdet4j::ops::soft_nms(boxes, scores, 0.3, 0.5, 1e-3, "gaussian");
  EXPECT_NEAR(gdets[1][4].item<float>(), 0.8 * std::exp(-0.5), 1e-6);
  EXPECT_THROW(mmdet4j::ops::soft_nms(boxes, scores, 0.3, 0.5, 1e-3, "cubic"), c10::Error);
}

}  // namespace
