// Losses against float64 formulas, with weights and avg_factor.

#include <gtest/gtest.h>

#include <cmath>

#include "error_of.h"
#include "models/losses/cross_entropy_loss.h"

namespace {

using namespace mmdet4j;
using namespace mmdet4j::models;
using test_support::error_of;

// A loss built through registry "loss" from its config.
std::shared_ptr<Loss> loss(const std::string& json) { return build_loss(Options::parse(json, "loss")); }

TEST(Losses, L1AndSmoothL1WithWeightAndAvgFactor) {
  auto pred = torch::tensor({0.0, 2.0, 0.5, 1.0}, torch::kDouble).view({1, 4});
  auto target = torch::zeros({1, 4}, torch::kDouble);
  auto weight = torch::tensor({1.0, 1.0, 0.0, 2.0}, torch::kDouble).view({1, 4});
  auto l1 = (*loss(R"({"type": "L1Loss"})"))(pred, target, weight, 4.0);
  EXPECT_NEAR(l1.item<double>(), (0 + 2 + 0 + 2) / 4.0, 1e-12);
  auto smooth = (*loss(R"({"type": "SmoothL1Loss"})"))(pred, target, weight, std::nullopt);
  // beta 1: |x| < 1 -> 0.5 x^2, else |x| - 0.5; mean over 4 elements.
  EXPECT_NEAR(smooth.item<double>(), (0 + 1.5 + 0 + 2 * 0.5) / 4.0, 1e-12);
}

TEST(Losses, FocalLossMatchesTheFormulaWithPerSampleWeights) {
  auto logits = torch::tensor({0.3, -1.2, 2.0, 0.1}, torch::kDouble).view({2, 2});
  auto labels = torch::tensor({1, 2}, torch::kLong);  // sample 1 is background (label 2 = C)
  auto weight = torch::tensor({1.0, 0.5}, torch::kDouble);
  auto focal = (*loss(R"({"type": "FocalLoss", "loss_weight": 2.0})"))(logits, labels, weight, 3.0).item<double>();
  auto term = [](double x, bool pos) {
    const double p = 1 / (1 + std::exp(-x));
    return pos ? -0.25 * std::pow(1 - p, 2) * std::log(p) : -0.75 * std::pow(p, 2) * std::log(1 - p);
  };
  const double expected = 2.0 * ((term(0.3, false) + term(-1.2, true)) + 0.5 * (term(2.0, false) + term(0.1, false))) / 3.0;
  EXPECT_NEAR(focal, expected, 1e-12);
}

TEST(Losses, GIoULossOfAlignedBoxes) {
  auto pred = torch::tensor({0.0, 0.0, 10.0, 10.0}, torch::kDouble).view({1, 4});
  auto target = torch::tensor({20.0, 20.0, 30.0, 30.0}, torch::kDouble).view({1, 4});
  // IoU 0, enclosing 900, union 200: GIoU = -700/900, loss = 1 + 7/9.
  auto giou = (*loss(R"({"type": "GIoULoss"})"))(pred, target, torch::Tensor(), std::nullopt);
  EXPECT_NEAR(giou.item<double>(), 1 + 7.0 / 9.0, 1e-9);
}

TEST(Losses, CrossEntropySoftmaxAndSigmoid) {
  auto logits = torch::tensor({1.0, 2.0, 0.5}, torch::kDouble).view({1, 3});
  auto label = torch::tensor({1}, torch::kLong);
  const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(0.5));
  EXPECT_NEAR((*loss(R"({"type": "CrossEntropyLoss"})"))(logits, label, torch::Tensor(), std::nullopt).item<double>(),
              lse - 2.0, 1e-12);
  auto sigmoid = loss(R"({"type": "CrossEntropyLoss", "use_sigmoid": true})");
  EXPECT_TRUE(sigmoid->use_sigmoid());
  auto sig = [](double x) { return 1 / (1 + std::exp(-x)); };
  const double expected = -(std::log(1 - sig(1.0)) + std::log(sig(2.0)) + std::log(1 - sig(0.5))) / 3.0;
  EXPECT_NEAR((*sigmoid)(logits, label, torch::Tensor(), std::nullopt).item<double>(), expected, 1e-12);
}

TEST(Losses, MaskCrossEntropyReadsEachRoIsClassChannel) {
  auto mask_loss = std::dynamic_pointer_cast<CrossEntropyLoss>(loss(R"({"type": "CrossEntropyLoss", "use_mask": true})"));
  ASSERT_NE(mask_loss, nullptr);
  // One RoI, two classes of 1x2 logits; label 1 picks the second channel.
  auto logits = torch::tensor({5.0, 5.0, 0.5, -1.0}, torch::kDouble).view({1, 2, 1, 2});
  auto target = torch::tensor({1.0, 0.0}, torch::kDouble).view({1, 1, 2});
  auto sig = [](double x) { return 1 / (1 + std::exp(-x)); };
  const double expected = -(std::log(sig(0.5)) + std::log(1 - sig(-1.0))) / 2;
  EXPECT_NEAR(mask_loss->mask(logits, target, torch::tensor({1}, torch::kLong)).item<double>(), expected, 1e-12);
}

TEST(Losses, UnreducedIsPerElementTimesLossWeight) {
  auto pred = torch::tensor({0.0, 2.0}, torch::kDouble).view({1, 2});
  auto l1 = loss(R"({"type": "L1Loss", "loss_weight": 3.0, "reduction": "sum"})");
  EXPECT_TRUE(torch::equal(l1->unreduced(pred, torch::zeros_like(pred)), torch::tensor({{0.0, 6.0}}, torch::kDouble)));
}

TEST(Losses, ConfigErrorsNameTheKey) {
  EXPECT_EQ(error_of([] { loss(R"({"type": "FocalLoss", "use_sigmoid": false})"); }),
            "loss.use_sigmoid: FocalLoss supports use_sigmoid=True only");
  EXPECT_EQ(error_of([] { loss(R"({"type": "CrossEntropyLoss", "use_sigmoid": true, "use_mask": true})"); }),
            "loss: use_sigmoid and use_mask cannot both be True");
  EXPECT_EQ(error_of([] { loss(R"({"type": "CrossEntropyLoss", "class_weight": [1.0, 2.0]})"); }),
            "loss.class_weight: not supported natively");
  EXPECT_EQ(error_of([] { loss(R"({"type": "SmoothL1Loss", "gamma": 2.0})"); })
                .rfind("loss.gamma: unknown key for SmoothL1Loss in registry 'loss'", 0),
            0u);
  EXPECT_EQ(error_of([] { loss(R"({"type": "L1Loss", "reduction": "avg"})"); }).rfind("loss.reduction: ", 0), 0u);
  EXPECT_EQ(error_of([] { loss(R"({"type": "FocalLos"})"); }),
            "loss.type: unknown type 'FocalLos' in registry 'loss'; did you mean 'FocalLoss'?");
}

}  // namespace
