// AnchorGenerator against the seed's worked example and hand-computed v2 anchors.

#include <gtest/gtest.h>

#include <cmath>

#include "core/anchor/anchor_generator.h"
#include "error_of.h"

namespace {

using mmdet4j::core::AnchorGenerator;
using mmdet4j::core::AnchorGeneratorOptions;

TEST(AnchorGenerator, LegacyReproducesTheWorkedExample) {
  // Stride 4, scales [8, 16], ratios [0.5, 1, 2] (mmdetection v1 / LegacyAnchorGenerator with
  // center_offset 0.5): the six base anchors listed in the design notes.
  // Built from its config through registry "anchor_generator".
  auto g = *mmdet4j::core::build_anchor_generator(mmdet4j::Options::parse(
      R"({"type": "LegacyAnchorGenerator", "strides": [4], "ratios": [0.5, 1, 2], "scales": [8, 16],
          "center_offset": 0.5})"));
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

TEST(AnchorGenerator, ConfigErrorsNameTheKey) {
  using mmdet4j::test_support::error_of;
  auto build = [](const std::string& keys) {
    mmdet4j::core::build_anchor_generator(mmdet4j::Options::parse(
        R"({"type": "AnchorGenerator", "strides": [8], "ratios": [1.0], )" + keys + "}", "bbox_head.anchor_generator"));
  };
  EXPECT_EQ(error_of([&] { build(R"("scales": [8], "octave_base_scale": 4, "scales_per_octave": 3)"); }),
            "bbox_head.anchor_generator: give either scales or octave_base_scale + scales_per_octave");
  EXPECT_EQ(error_of([&] { build(R"("octave_base_scale": 4)"); }),
            "bbox_head.anchor_generator.scales_per_octave: required with octave_base_scale");
  EXPECT_EQ(error_of([&] { build(R"("scales": [8], "scale_major": false)"); }),
            "bbox_head.anchor_generator.scale_major: only True is supported");
  EXPECT_EQ(error_of([&] { build(R"("scales": [8], "octave_base_scal": 4)"); }),
            "bbox_head.anchor_generator.octave_base_scal: unknown key for AnchorGenerator in registry "
            "'anchor_generator'; did you mean 'octave_base_scale'?");
}

}  // namespace
