// The JavaCPP-facing facade: tensor round trips and error translation.

#include <gtest/gtest.h>

#include <stdexcept>

#include "mmdet4j/ops.h"
#include "mmdet4j/tensor.h"

namespace {

using mmdet4j::api::Tensor;

TEST(Facade, TensorRoundTrip) {
  const float data[] = {1, 2, 3, 4, 5, 6};
  const int64_t shape[] = {2, 3};
  Tensor t = Tensor::fromFloat32(data, shape, 2);
  EXPECT_EQ(t.dim(), 2);
  EXPECT_EQ(t.size(1), 3);
  EXPECT_EQ(t.dtype(), mmdet4j::api::kFloat32);
  float out[6] = {};
  t.copyToFloat32(out, 6);
  EXPECT_EQ(out[5], 6.f);
  int64_t wrong[6];
  EXPECT_THROW(t.copyToInt64(wrong, 6), std::invalid_argument);
  EXPECT_THROW(t.copyToFloat32(out, 5), std::invalid_argument);
}

TEST(Facade, OpErrorsBecomeInvalidArgumentWithoutBacktrace) {
  const float boxes[] = {0, 0, 1, 1};
  const float scores[] = {0.5f, 0.4f};
  const int64_t bshape[] = {1, 4}, sshape[] = {2};
  try {
    mmdet4j::api::nms(Tensor::fromFloat32(boxes, bshape, 2), Tensor::fromFloat32(scores, sshape, 1),
                      0.5);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("scores has 2 elements but there are 1 boxes"), std::string::npos)
        << message;
    EXPECT_EQ(message.find("frame #"), std::string::npos) << message;
  }
}

}  // namespace
