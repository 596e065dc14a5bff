// Losses against float64 formulas, with weights and avg_factor.

#include <gtest/gtest.h>

#include <cmath>

#include "models/losses/losses.h"

namespace {

using namespace mmdet4j::models;

LossOptions options(const std::string& type) {
  LossOptions o;
  o.type = type;
  o.use_sigmoid = type == "FocalLoss";
  return o;
}

TEST(Losses, L1AndSmoothL1WithWeightAndAvgFactor) {
  auto pred = torch::tensor({0.0, 2.0, 0.5, 1.0}, torch::kDouble).view({1, 4});
  auto target = torch::zeros({1, 4}, torch::kDouble);
  auto weight = torch::tensor({1.0, 1.0, 0.0, 2.0}, torch::kDouble).view({1, 4});
  auto l1 = Loss(options("L1Loss"))(pred, target, weight, 4.0);
  EXPECT_NEAR(l1.item<double>(), (0 + 2 + 0 + 2) / 4.0, 1e-12);
  auto smooth = Loss(options("SmoothL1Loss"))(pred, target, weight, std::nullopt);
  // beta 1: |x| < 1 -> 0.5 x^2, else |x| - 0.5; mean over 4 elements.
  EXPECT_NEAR(smooth.item<double>(), (0 + 1.5 + 0 + 2 * 0.5) / 4.0, 1e-12);
}

TEST(Losses, FocalLossMatchesTheFormulaWithPerSampleWeights) {
  auto logits = torch::tensor({0.3, -1.2, 2.0, 0.1}, torch::kDouble).view({2, 2});
  auto labels = torch::tensor({1, 2}, torch::kLong);  // sample 1 is background (label 2 = C)
  auto weight = torch::tensor({1.0, 0.5}, torch::kDouble);
  auto o = options("FocalLoss");
  o.loss_weight = 2.0;
  auto loss = Loss(o)(logits, labels, weight, 3.0).item<double>();
  auto term = [](double x, bool pos) {
    const double p = 1 / (1 + std::exp(-x));
    return pos ? -0.25 * std::pow(1 - p, 2) * std::log(p) : -0.75 * std::pow(p, 2) * std::log(1 - p);
  };
  const double expected = 2.0 * ((term(0.3, false) + term(-1.2, true)) + 0.5 * (term(2.0, false) + term(0.1, false))) / 3.0;
  EXPECT_NEAR(loss, expected, 1e-12);
}

TEST(Losses, GIoULossOfAlignedBoxes) {
  auto pred = torch::tensor({0.0, 0.0, 10.0, 10.0}, torch::kDouble).view({1, 4});
  auto target = torch::tensor({20.0, 20.0, 30.0, 30.0}, torch::kDouble).view({1, 4});
  // IoU 0, enclosing 900, union 200: GIoU = -700/900, loss = 1 + 7/9.
  auto loss = Loss(options("GIoULoss"))(pred, target, torch::Tensor(), std::nullopt);
  EXPECT_NEAR(loss.item<double>(), 1 + 7.0 / 9.0, 1e-9);
}

TEST(Losses, CrossEntropySoftmaxAndSigmoid) {
  auto logits = torch::tensor({1.0, 2.0, 0.5}, torch::kDouble).view({1, 3});
  auto label = torch::tensor({1}, torch::kLong);
  const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(0.5));
  EXPECT_NEAR(Loss(options("CrossEntropyLoss"))(logits, label, torch::Tensor(), std::nullopt).item<double>(),
              lse - 2.0, 1e-12);
  auto o = options("CrossEntropyLoss");
  o.use_sigmoid = true;
  auto sig = [](double x) { return 1 / (1 + std::exp(-x)); };
  const double expected = -(std::log(1 - sig(1.0)) + std::log(sig(2.0)) + std::log(1 - sig(0.5))) / 3.0;
  EXPECT_NEAR(Loss(o)(logits, label, torch::Tensor(), std::nullopt).item<double>(), expected, 1e-12);
}

}  // namespace
