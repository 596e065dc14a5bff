// Two-stage detection: RoI levels, RoI and mask targets on hand cases, and Faster / Mask R-CNN
// end to end on the cases real data produces (empty images, degenerate boxes, no proposals).

#include <gtest/gtest.h>

#include <cmath>

#include "core/options.h"
#include "core/post_processing/nms_config.h"
#include "error_of.h"
#include "models/detectors/two_stage.h"
#include "models/roi_heads/bbox_heads/convfc_bbox_head.h"
#include "models/roi_heads/mask_heads/fcn_mask_head.h"
#include "models/roi_heads/roi_extractors/single_roi_extractor.h"
#include "tiny_detectors.h"
#include "train/sgd_trainer.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;
using mmdet4j::test_support::tiny_two_stage;

torch::Tensor rect_mask(int64_t h, int64_t w, int64_t x1, int64_t y1, int64_t x2, int64_t y2) {
  auto m = torch::zeros({h, w}, torch::kByte);
  m.narrow(0, y1, y2 - y1).narrow(1, x1, x2 - x1).fill_(1);
  return m;
}

TEST(SingleRoIExtractor, MapsRoisToLevelsByScale) {
  // finest_scale 56: level = floor(log2(scale / 56 + 1e-6)) clamped to [0, 3]. mmdetection's code
  // (which the seed's §1.7.1 quotes) gives the boundaries 112, 224 and 448; the seed's docstring
  // "(0, 56, 112, 224, inf) -> (0, 1, 2, 3)" is off by one factor of 2 from its own formula.
  models::SingleRoIExtractor extractor(Options::parse(
      "roi_layer.type=RoIAlign\nroi_layer.output_size=7\nout_channels=8\nfeatmap_strides=4,8,16,32\nfinest_scale=56"));
  auto square = [](double side) { return std::vector<float>{0, 0, 0, static_cast<float>(side), static_cast<float>(side)}; };
  std::vector<double> sides{1, 56, 111.9, 112, 223.9, 224, 447.9, 448, 2000};
  std::vector<int64_t> expected{0, 0, 0, 1, 1, 2, 2, 3, 3};
  std::vector<torch::Tensor> rows;
  for (double s : sides) rows.push_back(torch::tensor(square(s)));
  auto levels = extractor.map_roi_levels(torch::stack(rows), 4);
  EXPECT_TRUE(torch::equal(levels, torch::tensor(expected))) << levels;
}

TEST(SingleRoIExtractor, ConfigErrorsNameTheKey) {
  using mmdet4j::test_support::error_of;
  auto build = [](const std::string& layer) {
    models::build_roi_extractor(Options::parse(
        R"({"type": "SingleRoIExtractor", "out_channels": 8, "featmap_strides": [4, 8], "roi_layer": )" + layer + "}",
        "model.roi_head.bbox_roi_extractor"));
  };
  EXPECT_EQ(error_of([&] { build(R"({"type": "RoIAlign", "output_size": [7, 7]})"); }), "");
  EXPECT_EQ(error_of([&] { build(R"({"type": "RoIAlign", "output_size": [7, 5]})"); }),
            "model.roi_head.bbox_roi_extractor.roi_layer.output_size: expected a positive int or a pair of equal "
            "positive ints");
  EXPECT_EQ(error_of([&] { build(R"({"type": "RoIAlign", "output_size": 7, "sampling_ratio": -1})"); }),
            "model.roi_head.bbox_roi_extractor.roi_layer.sampling_ratio: must be >= 0 (0: adaptive), got -1");
  EXPECT_EQ(error_of([&] { build(R"({"type": "RoIPool", "output_size": 7, "aligned": true})"); })
                .rfind("model.roi_head.bbox_roi_extractor.roi_layer.aligned: unknown key for RoIPool", 0),
            0u);
  EXPECT_EQ(error_of([&] { build(R"({"type": "RoIWarp", "output_size": 7})"); }),
            "model.roi_head.bbox_roi_extractor.roi_layer.type: expected RoIAlign or RoIPool, got 'RoIWarp'");
}

TEST(SingleRoIExtractor, Bbox2RoiPrependsTheImageIndex) {
  auto rois = models::bbox2roi({torch::tensor({{1.f, 2.f, 3.f, 4.f, 0.9f}}), torch::zeros({0, 4}),
                                torch::tensor({{5.f, 6.f, 7.f, 8.f}})});
  EXPECT_TRUE(torch::equal(rois, torch::tensor({{0.f, 1.f, 2.f, 3.f, 4.f}, {2.f, 5.f, 6.f, 7.f, 8.f}})));
}

TEST(ConvFCBBoxHead, TargetsOfAHandCase) {
  models::ConvFCBBoxHead head(Options::parse(
      "type=Shared2FCBBoxHead\nin_channels=4\nfc_out_channels=8\nnum_classes=3\n"
      "loss_cls.type=CrossEntropyLoss\nloss_bbox.type=L1Loss"));
  core::SamplingResult s;
  s.pos_boxes = torch::tensor({{0.f, 0.f, 10.f, 10.f}});
  s.neg_boxes = torch::tensor({{50.f, 50.f, 60.f, 60.f}});
  s.pos_gt_boxes = torch::tensor({{0.f, 0.f, 10.f, 20.f}});
  s.pos_gt_labels = torch::tensor({2}, torch::kLong);
  auto t = head->get_targets({s}, -1);
  EXPECT_TRUE(torch::equal(t.labels, torch::tensor({2, 3}, torch::kLong)));
  EXPECT_TRUE(torch::equal(t.label_weights, torch::tensor({1.f, 1.f})));
  // Centre moves by 5 px on a 10 px box (0.5 / std 0.1); height doubles (log 2 / std 0.2).
  auto expected = torch::tensor({{0.f, 5.f, 0.f, static_cast<float>(std::log(2.0) / 0.2)}, {0.f, 0.f, 0.f, 0.f}});
  EXPECT_TRUE(torch::allclose(t.bbox_targets, expected, 1e-5, 1e-5)) << t.bbox_targets;
  EXPECT_TRUE(torch::equal(t.bbox_weights, torch::tensor({{1.f, 1.f, 1.f, 1.f}, {0.f, 0.f, 0.f, 0.f}})));
}

TEST(ConvFCBBoxHead, LogsAccuracyThatTheTrainerDoesNotOptimise) {
  models::ConvFCBBoxHead head(Options::parse(
      "type=Shared2FCBBoxHead\nin_channels=4\nfc_out_channels=8\nnum_classes=3\n"
      "loss_cls.type=CrossEntropyLoss\nloss_bbox.type=L1Loss"));
  // RoI 0 (label 2) scores class 2 highest: right; RoI 1 (background, 3) scores class 0: wrong.
  auto cls_score = torch::tensor({{0.f, 0.f, 5.f, 0.f}, {5.f, 0.f, 0.f, 0.f}}).requires_grad_();
  auto bbox_pred = torch::zeros({2, 12}, torch::requires_grad());
  models::RoITargets t{torch::tensor({2, 3}, torch::kLong), torch::ones({2}), torch::zeros({2, 4}), torch::zeros({2, 4})};
  auto losses = head->loss(cls_score, bbox_pred, torch::zeros({2, 5}), t);
  EXPECT_DOUBLE_EQ(losses.at("acc").item<double>(), 50.0);
  // The training step sums the "*loss*" entries only, like mmdetection's parse_losses.
  train::SgdTrainer trainer(*head, Options::parse("lr=0.01"));
  auto step = trainer.step(losses);
  EXPECT_NEAR(step.losses.at("loss"), losses.at("loss_cls").item<double>() + losses.at("loss_bbox").item<double>(),
              1e-6);
  EXPECT_DOUBLE_EQ(step.losses.at("acc"), 50.0);
}

TEST(FCNMaskHead, TargetIsTheCroppedGroundTruthMask) {
  models::FCNMaskHead head(Options::parse(
      "num_convs=1\nin_channels=4\nconv_out_channels=4\nnum_classes=2\n"
      "loss_mask.type=CrossEntropyLoss\nloss_mask.use_mask=true"));
  // Ground truth: columns 0-4 of rows 0-9 in a 20 x 20 frame. The positive RoI (0, 0, 10, 10)
  // resized to 4 x 4: each bin spans 2.5 px, so the left two bins are inside, the right two out.
  core::SamplingResult s;
  s.num_gts = 1;
  s.pos_boxes = torch::tensor({{0.f, 0.f, 10.f, 10.f}});
  s.pos_assigned_gt_inds = torch::tensor({0}, torch::kLong);
  models::GroundTruth gt{torch::tensor({{0.f, 0.f, 5.f, 10.f}}), torch::tensor({1}, torch::kLong),
                         rect_mask(20, 20, 0, 0, 5, 10).unsqueeze(0)};
  auto targets = head->get_targets({s}, {gt}, 4);
  auto row = torch::tensor({1.f, 1.f, 0.f, 0.f});
  EXPECT_TRUE(torch::equal(targets, row.repeat({4, 1}).unsqueeze(0))) << targets;
}

TEST(FCNMaskHead, PastesAMaskIntoItsBox) {
  // An all-ones 28 x 28 map over box (2, 3, 8, 7) becomes exactly that rectangle.
  auto pasted = models::paste_mask(torch::ones({28, 28}), {2, 3, 8, 7}, 10, 12);
  EXPECT_TRUE(torch::equal(pasted >= 0.5, rect_mask(10, 12, 2, 3, 8, 7).to(torch::kBool))) << pasted;
}

struct Batch {
  torch::Tensor images;
  std::vector<models::GroundTruth> gts;
  std::vector<models::ImageMeta> metas;
};

Batch batch_with_edge_cases(bool masks) {
  // Image 0: an object and a zero-area box; image 1: no ground truth at all.
  Batch b;
  b.images = torch::randn({2, 3, 64, 96});
  auto boxes = torch::tensor({{10.f, 12.f, 42.f, 50.f}, {60.f, 20.f, 60.f, 20.f}});
  auto m = masks ? torch::stack({rect_mask(64, 96, 10, 12, 42, 50), torch::zeros({64, 96}, torch::kByte)})
                 : torch::Tensor();
  b.gts = {{boxes, torch::tensor({2, 0}, torch::kLong), m},
           {torch::zeros({0, 4}), torch::zeros({0}, torch::kLong), masks ? torch::zeros({0, 64, 96}, torch::kByte) : torch::Tensor()}};
  b.metas = {{64, 96}, {60, 90}};
  return b;
}

void expect_finite_losses(const std::map<std::string, torch::Tensor>& losses, const std::vector<std::string>& names) {
  for (const auto& n : names) {
    ASSERT_TRUE(losses.count(n)) << n;
    EXPECT_TRUE(std::isfinite(losses.at(n).item<double>())) << n;
  }
}

TEST(FasterRCNN, StateDictUsesMmdetectionNames) {
  models::TwoStageDetectorImpl model(Options::parse(tiny_two_stage(false)));
  auto params = model.named_parameters();
  for (const char* key : {"rpn_head.rpn_conv.weight", "rpn_head.rpn_cls.weight", "rpn_head.rpn_reg.bias",
                          "roi_head.bbox_head.shared_fcs.0.weight", "roi_head.bbox_head.shared_fcs.1.bias",
                          "roi_head.bbox_head.fc_cls.weight", "roi_head.bbox_head.fc_reg.weight"}) {
    EXPECT_TRUE(params.contains(key)) << key;
  }
  EXPECT_EQ(params["roi_head.bbox_head.fc_cls.weight"].size(0), 4);   // 3 classes + background
  EXPECT_EQ(params["roi_head.bbox_head.fc_reg.weight"].size(0), 12);  // 4 per class
  EXPECT_EQ(params["roi_head.bbox_head.shared_fcs.0.weight"].size(1), 16 * 7 * 7);
}

TEST(FasterRCNN, TrainsOnEmptyImagesAndDegenerateBoxes) {
  torch::manual_seed(0);
  models::TwoStageDetectorImpl model(Options::parse(tiny_two_stage(false)));
  auto b = batch_with_edge_cases(false);
  auto losses = model.forward_train(b.images, b.gts, b.metas);
  expect_finite_losses(losses, {"loss_rpn_cls", "loss_rpn_bbox", "loss_cls", "loss_bbox"});
  torch::Tensor total = torch::zeros({});
  for (auto& [name, value] : losses) total = total + value;
  total.backward();
  EXPECT_TRUE(model.roi_head->named_parameters()["bbox_head.fc_cls.weight"].grad().defined());
  EXPECT_TRUE(model.rpn_head->named_parameters()["rpn_cls.weight"].grad().defined());
}

TEST(FasterRCNN, NoProposalsInTrainingOrTesting) {
  torch::manual_seed(0);
  // A minimum proposal size larger than the image filters every proposal out.
  auto options = Options::parse(tiny_two_stage(false) +
                                "train_cfg.rpn_proposal.min_bbox_size=1000\ntest_cfg.rpn.min_bbox_size=1000\n");
  models::TwoStageDetectorImpl model(options);
  auto b = batch_with_edge_cases(false);
  // Training still sees the ground truths (added as proposals) of image 0; image 1 has no RoI.
  expect_finite_losses(model.forward_train(b.images, b.gts, b.metas), {"loss_cls", "loss_bbox"});
  model.eval();
  torch::NoGradGuard no_grad;
  auto dets = model.simple_test(b.images, b.metas, true);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_EQ(dets[0].boxes.size(0), 0);
  EXPECT_EQ(dets[1].boxes.size(0), 0);
}

TEST(FasterRCNN, PredictsAtMostMaxPerImage) {
  torch::manual_seed(0);
  models::TwoStageDetectorImpl model(Options::parse(tiny_two_stage(false)));
  model.eval();
  torch::NoGradGuard no_grad;
  auto b = batch_with_edge_cases(false);
  b.metas[0].scale_factor = {2, 2, 2, 2};
  auto dets = model.simple_test(b.images, b.metas, true);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_GT(dets[0].boxes.size(0), 0);
  EXPECT_LE(dets[0].boxes.size(0), 20);
  // Rescaled to the original image (half the input size).
  EXPECT_LE(dets[0].boxes.select(1, 2).max().item<float>(), 48.0f + 1e-4);
  EXPECT_TRUE((dets[0].labels >= 0).all().item<bool>() && (dets[0].labels < 3).all().item<bool>());
}

TEST(MaskRCNN, TrainsAndPredictsMasks) {
  torch::manual_seed(0);
  models::TwoStageDetectorImpl model(Options::parse(tiny_two_stage(true)));
  EXPECT_TRUE(model.with_mask());
  auto b = batch_with_edge_cases(true);
  auto losses = model.forward_train(b.images, b.gts, b.metas);
  expect_finite_losses(losses, {"loss_rpn_cls", "loss_rpn_bbox", "loss_cls", "loss_bbox", "loss_mask"});
  EXPECT_GT(losses["loss_mask"].item<double>(), 0);
  losses["loss_mask"].backward();
  EXPECT_TRUE(model.roi_head->named_parameters()["mask_head.conv_logits.weight"].grad().defined());
  model.eval();
  torch::NoGradGuard no_grad;
  b.metas[0].ori_height = 32;
  b.metas[0].ori_width = 48;
  b.metas[0].scale_factor = {2, 2, 2, 2};
  auto dets = model.simple_test(b.images, b.metas, true);
  ASSERT_EQ(dets[0].masks.dim(), 3);
  EXPECT_EQ(dets[0].masks.size(0), dets[0].boxes.size(0));
  EXPECT_EQ(dets[0].masks.size(1), 32);
  EXPECT_EQ(dets[0].masks.size(2), 48);
  EXPECT_EQ(dets[0].masks.scalar_type(), torch::kBool);
}

TEST(MaskRCNN, MaskHeadOutputMustMatchMaskSize) {
  EXPECT_EQ(error_of([] {
              models::TwoStageDetectorImpl(Options::parse(tiny_two_stage(true) + "train_cfg.rcnn.mask_size=14\n",
                                                          "model"));
            }),
            "model.train_cfg.rcnn.mask_size: 14 differs from the mask head's output size 28 (roi_feat_size x upsample "
            "scale_factor)");
}

TEST(MaskRCNN, WithoutAMaskExtractorTheMaskBranchPoolsWithTheBoxBranchs) {
  // mmdetection's share_roi_extractor: the mask head then takes the box extractor's 7 x 7 RoIs.
  torch::manual_seed(0);
  auto options = Options::parse(tiny_two_stage(true), "model");
  options.set("roi_head.mask_roi_extractor", nullptr);
  options.set("roi_head.mask_head.roi_feat_size", 7);
  options.set("train_cfg.rcnn.mask_size", 14);
  models::TwoStageDetectorImpl model(options);
  auto b = batch_with_edge_cases(true);
  auto losses = model.forward_train(b.images, b.gts, b.metas);
  expect_finite_losses(losses, {"loss_mask"});
  losses["loss_mask"].backward();
  EXPECT_TRUE(model.roi_head->named_parameters()["mask_head.conv_logits.weight"].grad().defined());

  options.set("roi_head.mask_head.roi_feat_size", 14);
  EXPECT_EQ(error_of([&] { models::TwoStageDetectorImpl{options}; }),
            "model.roi_head.mask_head.roi_feat_size: 14 differs from bbox_roi_extractor.roi_layer.output_size 7");
}

TEST(TwoStageDetector, RoIHeadChecksThatItsPartsFit) {
  auto error_with = [](const std::string& extra) {
    return error_of([&] { models::TwoStageDetectorImpl(Options::parse(tiny_two_stage(true) + extra, "model")); });
  };
  EXPECT_EQ(error_with("roi_head.bbox_head.in_channels=8\n"),
            "model.roi_head.bbox_head.in_channels: 8 differs from bbox_roi_extractor.out_channels 16");
  EXPECT_EQ(error_with("roi_head.mask_head.num_classes=2\n"),
            "model.roi_head.mask_head.num_classes: 2 differs from bbox_head.num_classes 3");
  EXPECT_EQ(error_with("roi_head.shared_head.type=ResLayer\n"),
            "model.roi_head.shared_head: shared heads (ResNet C4 models) are not supported natively so far");
  EXPECT_EQ(error_with("roi_head.mask_head.upsample_cfg.mode=nearest\n")
                .rfind("model.roi_head.mask_head.upsample_cfg.mode: unknown key for upsample_cfg", 0),
            0u);
  EXPECT_EQ(error_with("roi_head.mask_head.predictor_cfg.bias=false\n")
                .rfind("model.roi_head.mask_head.predictor_cfg.bias: unknown key for predictor_cfg", 0),
            0u);
  // A dense head is no box head: the registry says which kind of component the caller builds.
  EXPECT_NE(error_with("roi_head.bbox_head.type=RetinaHead\n").find("model.roi_head.bbox_head.type: RetinaHead in "
                                                                   "registry 'head' is built with other arguments"),
            std::string::npos);
}

}  // namespace

namespace {

using namespace mmdet4j;

using mmdet4j::test_support::error_of;

TEST(FasterRCNN, EveryKeyTheRegistryWritesIsUsed) {
  // Keys the Java registry writes whether or not they change anything: each must be read, or the
  // detector refuses them (build_detector checks).
  auto options = Options::parse(tiny_two_stage(false) +
                                    "roi_head.type=StandardRoIHead\nroi_head.bbox_roi_extractor.type=SingleRoIExtractor\n"
                                    "roi_head.bbox_head.with_avg_pool=false\nroi_head.bbox_head.roi_feat_size=7\n"
                                    "rpn_head.type=RPNHead\nrpn_head.reg_decoded_bbox=false\n"
                                    "train_cfg.rpn.allowed_border=-1\n",
                                "model");
  EXPECT_NE(models::build_detector(options), nullptr);
  // A preset box head fixes its layer counts, as mmdetection's signature does: spelling one out
  // is an unknown key, not silently ignored.
  EXPECT_EQ(error_of([] {
              models::build_detector(Options::parse(tiny_two_stage(false) + "roi_head.bbox_head.num_shared_fcs=3\n",
                                                    "model"));
            }).rfind("model.roi_head.bbox_head.num_shared_fcs: unknown key for Shared2FCBBoxHead in registry 'head'", 0),
            0u);
}

TEST(FasterRCNN, RpnRegressesDecodedBoxesForAnIouLoss) {
  torch::manual_seed(0);
  models::TwoStageDetectorImpl model(Options::parse(
      tiny_two_stage(false) + "rpn_head.reg_decoded_bbox=true\nrpn_head.loss_bbox.type=GIoULoss\n"
                              "train_cfg.rpn.allowed_border=0\n"));
  auto b = batch_with_edge_cases(false);
  auto losses = model.forward_train(b.images, b.gts, b.metas);
  expect_finite_losses(losses, {"loss_rpn_cls", "loss_rpn_bbox"});
  // The GIoU loss of boxes lies in [0, 2]; on deltas it would not be bounded so.
  EXPECT_GT(losses.at("loss_rpn_bbox").item<double>(), 0);
  EXPECT_LE(losses.at("loss_rpn_bbox").item<double>(), 2);
}

models::ProposalOptions proposals(const std::string& lines) {
  return models::ProposalOptions::from(Options::parse(lines, "model.test_cfg.rpn"));
}

TEST(ProposalOptions, DefaultsAreMmdetectionV2s) {
  const auto p = proposals("");
  EXPECT_EQ(p.nms_pre, 1000);
  EXPECT_EQ(p.max_per_img, 1000);
  EXPECT_DOUBLE_EQ(p.iou_threshold, 0.7);
  EXPECT_DOUBLE_EQ(p.min_bbox_size, 0.0);
}

TEST(ProposalOptions, MmdetectionV20SpellingsMapToTodaysKeys) {
  // v2.0's RPN settings: max_num / nms_post for max_per_img, nms_thr for nms.iou_threshold.
  const auto old = proposals("nms_across_levels=false\nnms_pre=1000\nnms_post=500\nmax_num=500\nnms_thr=0.6\n"
                             "min_bbox_size=0\n");
  EXPECT_EQ(old.max_per_img, 500);
  EXPECT_DOUBLE_EQ(old.iou_threshold, 0.6);
  // Both spellings given: they must agree, as mmdetection asserts.
  EXPECT_DOUBLE_EQ(proposals("max_per_img=300\nmax_num=300\nnms.type=nms\nnms.iou_threshold=0.5\nnms_thr=0.5\n")
                       .iou_threshold,
                   0.5);
  EXPECT_EQ(error_of([] { proposals("max_per_img=1000\nmax_num=500\n"); }),
            "model.test_cfg.rpn.max_per_img: disagrees with max_num (1000 vs 500); they are two spellings of one "
            "setting, keep one");
  EXPECT_EQ(error_of([] { proposals("nms.type=nms\nnms.iou_threshold=0.7\nnms_thr=0.5\n"); }),
            "model.test_cfg.rpn.nms.iou_threshold: disagrees with nms_thr (0.7 vs 0.5); they are two spellings of one "
            "setting, keep one");
  EXPECT_EQ(error_of([] { proposals("nms_across_levels=true\n"); }),
            "model.test_cfg.rpn.nms_across_levels: only False is supported (NMS runs per level, as in mmdetection "
            "v2.x)");
}

TEST(NmsConfig, OnlyPlainNmsWithOneThreshold) {
  auto nms = [](const std::string& lines) {
    return core::NmsConfig::from(Options::parse(lines, "model.test_cfg.rcnn.nms")).iou_threshold;
  };
  EXPECT_DOUBLE_EQ(nms("type=nms\niou_threshold=0.4\n"), 0.4);
  EXPECT_DOUBLE_EQ(nms("type=nms\niou_thr=0.3\n"), 0.3);  // mmdetection v1's spelling
  EXPECT_EQ(error_of([&] { nms("type=soft_nms\niou_threshold=0.5\n"); }),
            "model.test_cfg.rcnn.nms.type: unknown type 'soft_nms' in registry 'nms'; registered: nms");
  EXPECT_EQ(error_of([&] { nms("type=nms\niou_threshold=0.5\nclass_agnostic=true\n"); })
                .rfind("model.test_cfg.rcnn.nms.class_agnostic: unknown key for nms in registry 'nms'", 0),
            0u);
  EXPECT_EQ(error_of([&] { nms("type=nms\n"); }),
            "model.test_cfg.rcnn.nms.iou_threshold: missing: the nms dict needs an IoU threshold");
  EXPECT_EQ(error_of([&] { nms("type=nms\niou_threshold=0.5\niou_thr=0.6\n"); }).rfind(
                "model.test_cfg.rcnn.nms.iou_threshold: disagrees with iou_thr (0.5 vs 0.6)", 0),
            0u);
}

TEST(TwoStageDetector, TrainingProposalsFollowTestCfgRpnWithoutRpnProposal) {
  std::string lines = tiny_two_stage(false);
  // Drop the tiny model's rpn_proposal lines: training proposals then use test_cfg.rpn.
  for (const std::string drop : {"train_cfg.rpn_proposal.nms_pre=200\n", "train_cfg.rpn_proposal.max_per_img=100\n"}) {
    lines.erase(lines.find(drop), drop.size());
  }
  models::TwoStageDetectorImpl model(Options::parse(lines + "test_cfg.rpn.nms_thr=0.6\n", "model"));
  EXPECT_EQ(model.train_proposals().nms_pre, 100);
  EXPECT_EQ(model.train_proposals().max_per_img, 50);
  EXPECT_DOUBLE_EQ(model.train_proposals().iou_threshold, 0.6);
  EXPECT_EQ(model.test_proposals().max_per_img, 50);
}

}  // namespace
