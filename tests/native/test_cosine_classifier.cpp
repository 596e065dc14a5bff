// A box head's cosine classifier (cls_predictor_cfg NormedLinear) and ArcLoss on it.

#include <gtest/gtest.h>

#include "core/options.h"
#include "error_of.h"
#include "models/roi_heads/bbox_heads/convfc_bbox_head.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;

models::ConvFCBBoxHead head(const std::string& extra) {
  return models::ConvFCBBoxHead(Options::parse(
      "type=Shared2FCBBoxHead\nin_channels=4\nroi_feat_size=2\nfc_out_channels=8\nnum_classes=3\n"
      "loss_bbox.type=L1Loss\n" + extra, "bbox_head"));
}

TEST(CosineClassifier, LogitsAreTemperatureTimesCosine) {
  torch::manual_seed(0);
  auto h = head("cls_predictor_cfg.type=NormedLinear\ncls_predictor_cfg.tempearture=10\ncls_predictor_cfg.bias=false\n"
                "loss_cls.type=ArcLoss\nloss_cls.scale=10\nloss_cls.margin=0.3\n");
  auto params = h->named_parameters();
  EXPECT_FALSE(params.contains("fc_cls.bias"));
  auto x = torch::randn({5, 4, 2, 2});
  auto [cls, reg] = h->forward(x);
  // The features entering fc_cls: the two shared fcs with ReLU.
  auto f = torch::relu(torch::nn::functional::linear(x.flatten(1), params["shared_fcs.0.weight"],
                                                     params["shared_fcs.0.bias"]));
  f = torch::relu(torch::nn::functional::linear(f, params["shared_fcs.1.weight"], params["shared_fcs.1.bias"]));
  auto w = params["fc_cls.weight"].to(torch::kDouble);
  auto fd = f.to(torch::kDouble);
  auto cos = torch::mm(fd, w.t()) / torch::outer(fd.norm(2, {1}), w.norm(2, {1}));
  EXPECT_TRUE(torch::allclose(cls.to(torch::kDouble), 10 * cos, 1e-4, 1e-5)) << cls << 10 * cos;
  EXPECT_LE(cls.abs().max().item<float>(), 10.0f + 1e-4f);

  models::RoITargets t{torch::tensor({0, 1, 2, 3, 3}, torch::kLong), torch::ones({5}), torch::zeros({5, 4}),
                       torch::zeros({5, 4})};
  auto losses = h->loss(cls, reg, torch::zeros({5, 5}), t);
  EXPECT_TRUE(std::isfinite(losses.at("loss_cls").item<double>()));
  EXPECT_GT(losses.at("loss_cls").item<double>(), 0);
}

TEST(CosineClassifier, ArcLossNeedsAMatchingBiasFreeNormedLinear) {
  const std::string arc = "loss_cls.type=ArcLoss\nloss_cls.scale=30\n";
  for (const std::string& predictor :
       {std::string(""), std::string("cls_predictor_cfg.type=NormedLinear\ncls_predictor_cfg.tempearture=20\n"
                                     "cls_predictor_cfg.bias=false\n"),
        std::string("cls_predictor_cfg.type=NormedLinear\ncls_predictor_cfg.tempearture=30\n")}) {
    auto message = error_of([&] { head(arc + predictor); });
    EXPECT_NE(message.find("bbox_head.cls_predictor_cfg: ArcLoss with scale 30 needs"), std::string::npos) << message;
  }
  EXPECT_NE(error_of([] { head("cls_predictor_cfg.type=Linear\ncls_predictor_cfg.tempearture=3\n"); })
                .find("cls_predictor_cfg.tempearture: only NormedLinear"),
            std::string::npos);
  EXPECT_NE(error_of([] { head("cls_predictor_cfg.type=Conv\n"); }).find("cls_predictor_cfg.type"), std::string::npos);
}

}  // namespace
