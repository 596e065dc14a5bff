// AnchorGenerator against the seed's worked example and hand-computed v2 anchors.

#include <gtest/gtest.h>

#include <cmath>

#include "core/anchor/anchor_generator.h"

namespace {

using mmdet4j::core::AnchorGenerator;
using mmdet4j::core::AnchorGeneratorOptions;

TEST(AnchorGenerator, LegacyReproducesTheWorkedExample) {
  // Stride 4, scales [8, 16], ratios [0.5, 1, 2] (mmdetection v1 / LegacyAnchorGenerator with
  // center_offset 0.5): the six base anchors listed in the design notes.
  AnchorGeneratorOptions o;
  o.strides = {4};
  o.ratios = {0.5, 1.0, 2.0};
  o.scales = {8, 16};
  o.legacy = true;
  o.center_offset = 0.5;
  AnchorGenerator g(o);
  auto expected = at::tensor({-21.f, -9.f, 24.f, 12.f, -43.f, -21.f, 46.f, 24.f, -14.f, -14.f, 17.f, 17.f,
                              -30.f, -30.f, 33.f, 33.f, -9.f, -21.f, 12.f, 24.f, -21.f, -43.f, 24.f, 46.f})
                      .view({6, 4});
  EXPECT_TRUE(at::equal(g.base_anchors(0), expected)) << g.base_anchors(0);
}

TEST(AnchorGenerator, V2AnchorsAreCentredAtTheCellCorner) {
  AnchorGeneratorOptions o;
  o.strides = {8};
  o.ratios = {0.5, 1.0};
  o.octave_base_scale = 4;
  o.scales_per_octave = 2;
  AnchorGenerator g(o);
  ASSERT_EQ(g.num_base_anchors(), 4);
  // ratio 1, scale 4 * 2^(1/2): a square of side 8 * 4 * sqrt(2).
  const float half = 0.5f * 8 * 4 * std::sqrt(2.0f);
  auto a = g.base_anchors(0)[3];
  EXPECT_NEAR(a[0].item<float>(), -half, 1e-4);
  EXPECT_NEAR(a[3].item<float>(), half, 1e-4);
  // ratio 0.5, scale 4: w = 32 * sqrt(2), h = 32 / sqrt(2).
  auto b = g.base_anchors(0)[0];
  EXPECT_NEAR(b[2].item<float>(), 16 * std::sqrt(2.0f), 1e-4);
  EXPECT_NEAR(b[3].item<float>(), 16 / std::sqrt(2.0f), 1e-4);
  // Grid: cell (row 1, col 2) is shifted by (16, 8); anchors are cell-major.
  auto grid = g.grid_anchors(0, 3, 4, at::kCPU);
  ASSERT_EQ(grid.size(0), 3 * 4 * 4);
  auto shifted = grid[(1 * 4 + 2) * 4 + 3];
  EXPECT_NEAR(shifted[0].item<float>(), 16 - half, 1e-4);
  EXPECT_NEAR(shifted[1].item<float>(), 8 - half, 1e-4);
  // Valid flags: a 20x10 image covers ceil(20/8) = 3 columns and ceil(10/8) = 2 rows.
  auto valid = g.valid_flags(0, 3, 4, 10, 20, at::kCPU).view({3, 4, 4});
  EXPECT_TRUE(valid[1][2].all().item<bool>());
  EXPECT_FALSE(valid[1][3].any().item<bool>());
  EXPECT_FALSE(valid[2][0].any().item<bool>());
}

}  // namespace
