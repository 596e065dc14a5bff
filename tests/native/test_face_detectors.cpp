// RetinaFace and FaceBoxes: their authors' prior boxes (counts and hand-computed priors),
// multibox matching and the box / landmark coding on hand cases, the landmark loss's treatment
// of faces without landmarks, state_dict names, build-time errors, and a training step of each.

#include <gtest/gtest.h>

#include "core/anchor/prior_box.h"
#include "core/options.h"
#include "error_of.h"
#include "models/dense_heads/multibox_targets.h"
#include "models/detectors/detector.h"
#include "models/detectors/single_stage.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;

core::PriorBox prior_box(const Json& cfg) { return core::PriorBox(core::PriorBoxOptions::from(Options::from_json(cfg, "prior_box"))); }

const Json kRetinaFacePriors = {{"min_sizes", {{16, 32}, {64, 128}, {256, 512}}}, {"steps", {8, 16, 32}}};
const Json kFaceBoxesPriors = {{"min_sizes", {{32, 64, 128}, {256}, {512}}},
                               {"steps", {32, 64, 128}},
                               {"densities", {{4, 2, 1}, {1}, {1}}}};

std::vector<int64_t> values(const torch::Tensor& t) {
  auto c = t.to(torch::kLong).contiguous().view({-1});
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

void expect_prior(const torch::Tensor& priors, int64_t i, std::vector<double> cxcywh) {
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(priors[i][k].item<double>(), cxcywh[k], 1e-4) << "prior " << i << " value " << k;
}

TEST(PriorBox, RetinaFacePriorsAt640) {
  const auto priors = prior_box(kRetinaFacePriors).grid_priors({{80, 80}, {40, 40}, {20, 20}}, {640, 640}, torch::kFloat);
  ASSERT_EQ(priors.size(0), 16800);  // (80^2 + 40^2 + 20^2) x 2
  expect_prior(priors, 0, {4, 4, 16, 16});
  expect_prior(priors, 1, {4, 4, 32, 32});
  expect_prior(priors, (1 * 80 + 2) * 2, {20, 12, 16, 16});  // row 1, column 2: ((2.5, 1.5) x 8)
  expect_prior(priors, 12800, {8, 8, 64, 64});
  expect_prior(priors, 12800 + 3200 - 1, {39.5 * 16, 39.5 * 16, 128, 128});
  expect_prior(priors, 16799, {19.5 * 32, 19.5 * 32, 512, 512});
}

TEST(PriorBox, FaceBoxesDensifiedAnchorsAt1024) {
  const auto pb = prior_box(kFaceBoxesPriors);
  EXPECT_EQ(pb.num_priors(0), 21);  // 4 x 4 of size 32, 2 x 2 of 64, one of 128
  const auto priors = pb.grid_priors({{32, 32}, {16, 16}, {8, 8}}, {1024, 1024}, torch::kFloat);
  ASSERT_EQ(priors.size(0), 21824);  // 32^2 x 21 + 16^2 + 8^2
  // Cell (0, 0): 32-pixel priors at quarter-cell offsets, y-major, as the authors' product(cy, cx).
  expect_prior(priors, 0, {0, 0, 32, 32});
  expect_prior(priors, 1, {8, 0, 32, 32});
  expect_prior(priors, 3, {24, 0, 32, 32});
  expect_prior(priors, 4, {0, 8, 32, 32});
  expect_prior(priors, 15, {24, 24, 32, 32});
  expect_prior(priors, 16, {0, 0, 64, 64});  // then 64-pixel ones at half-cell offsets
  expect_prior(priors, 17, {16, 0, 64, 64});
  expect_prior(priors, 18, {0, 16, 64, 64});
  expect_prior(priors, 20, {16, 16, 128, 128});  // one 128 at the cell's centre
  expect_prior(priors, 21, {32, 0, 32, 32});     // cell (0, 1)
  expect_prior(priors, 21504, {32, 32, 256, 256});
  expect_prior(priors, 21760, {64, 64, 512, 512});
}

TEST(PriorBox, ClipAndBadSettings) {
  Json clipped = kRetinaFacePriors;
  clipped["clip"] = true;
  const auto priors = prior_box(clipped).grid_priors({{2, 2}, {1, 1}, {1, 1}}, {16, 16}, torch::kFloat);
  expect_prior(priors, 8, {8, 8, 16, 16});  // level 1: (8, 8, 64, 64) clamped to the 16 x 16 image
  Json short_steps = kRetinaFacePriors;
  short_steps["steps"] = {8, 16};
  EXPECT_EQ(error_of([&] { prior_box(short_steps); }), "prior_box.min_sizes: 3 levels but steps has 2");
  Json bad_density = kFaceBoxesPriors;
  bad_density["densities"] = {{4, 2}, {1}, {1}};
  EXPECT_EQ(error_of([&] { prior_box(bad_density); }), "prior_box.densities: level 0 has 2 densities for 3 sizes");
}

// Priors (cx, cy, w, h): 0 and 1 overlap the first face well; 2 overlaps the second face at
// IoU 0.25 only (forced positive, as its best prior, since 0.25 >= 0.2); 3 is far away.
TEST(MultiboxMatch, ThresholdForcedBestPriorAndLaterGroundTruthWins) {
  const auto priors = torch::tensor({10.f, 10.f, 20.f, 20.f, 12.f, 10.f, 20.f, 20.f, 60.f, 60.f, 20.f, 20.f,
                                     200.f, 200.f, 10.f, 10.f}).view({4, 4});
  // Face 0 equals prior 0; face 1 is (55, 55, 65, 65): IoU with prior 2 = 100 / 400 = 0.25.
  auto gts = torch::tensor({0.f, 0.f, 20.f, 20.f, 55.f, 55.f, 65.f, 65.f}).view({2, 4});
  auto m = models::match_priors(priors, gts, 0.35, 0.2);
  EXPECT_EQ(values(m.positive), (std::vector<int64_t>{1, 1, 1, 0}));
  EXPECT_EQ(values(m.gt_index.narrow(0, 0, 3)), (std::vector<int64_t>{0, 0, 1}));
  // With min_best_iou above 0.25 face 1 forces nothing: prior 2 stays negative.
  m = models::match_priors(priors, gts, 0.35, 0.3);
  EXPECT_FALSE(m.positive[2].item<bool>());
  // Two faces whose best prior is the same: the later one takes it.
  auto same = torch::tensor({0.f, 0.f, 20.f, 20.f, 1.f, 0.f, 21.f, 20.f}).view({2, 4});
  m = models::match_priors(priors, same, 0.35, 0.2);
  EXPECT_EQ(m.gt_index[0].item<int64_t>(), 1);
  // No face reaches min_best_iou: no positives at all.
  m = models::match_priors(priors, torch::tensor({500.f, 500.f, 510.f, 510.f}).view({1, 4}), 0.35, 0.2);
  EXPECT_FALSE(m.positive.any().item<bool>());
}

TEST(MultiboxCoding, BoxesAndLandmarksOnAHandCaseAndRoundTrip) {
  const models::Variances v{0.1, 0.2};
  const auto prior = torch::tensor({10.f, 10.f, 20.f, 20.f}).view({1, 4});
  // Centre (22, 20): (12 / (0.1 * 20), 10 / (0.1 * 20)) = (6, 5); size 20 x 40: (0, log 2 / 0.2).
  const auto box = torch::tensor({12.f, 0.f, 32.f, 40.f}).view({1, 4});
  const auto deltas = models::encode_boxes(box, prior, v);
  const std::vector<double> expected{6, 5, 0, std::log(2.0) / 0.2};
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(deltas[0][k].item<double>(), expected[k], 1e-5);
  EXPECT_TRUE(torch::allclose(models::decode_boxes(deltas, prior, v), box, 1e-5, 1e-4));
  // A point (14, 6): ((14 - 10) / 2, (6 - 10) / 2) = (2, -2).
  const auto points = torch::tensor({14.f, 6.f, 10.f, 10.f, 0.f, 20.f}).view({1, 3, 2});
  const auto point_deltas = models::encode_points(points, prior, v);
  EXPECT_EQ(point_deltas.sizes(), (at::IntArrayRef{1, 6}));
  EXPECT_TRUE(torch::allclose(point_deltas, torch::tensor({2.f, -2.f, 0.f, 0.f, -5.f, 5.f}).view({1, 6})));
  EXPECT_TRUE(torch::allclose(models::decode_points(point_deltas, prior, v), points));
}

TEST(MultiboxLoss, HardNegativesKeepRatioTimesPositivesPerImage) {
  // Image 0: one positive (prior 1), the 2 highest-loss negatives kept with ratio 2 (priors 3, 0).
  // Image 1: no positive, no negative.
  const auto loss = torch::tensor({0.5f, 9.f, 0.1f, 0.7f, 0.2f, 1.f, 2.f, 3.f, 4.f, 5.f}).view({2, 5});
  const auto positive = torch::tensor({0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, torch::kBool).view({2, 5});
  const auto neg = models::mine_hard_negatives(loss, positive, 2);
  EXPECT_EQ(values(neg), (std::vector<int64_t>{1, 0, 0, 1, 0, 0, 0, 0, 0, 0}));
}

Json retinaface(int64_t num_landmarks = 5) {
  return {{"type", "RetinaFace"},
          {"backbone", {{"type", "MobileNetV1"}, {"widen_factor", 0.25}}},
          {"neck", {{{"type", "RetinaFaceFPN"}, {"in_channels", {64, 128, 256}}, {"out_channels", 64}},
                    {{"type", "SSH"}, {"in_channels", 64}, {"out_channels", 64}}}},
          {"bbox_head", {{"type", "RetinaFaceHead"}, {"in_channels", 64}, {"num_landmarks", num_landmarks},
                         {"prior_box", kRetinaFacePriors}}},
          {"train_cfg", {{"pos_iou_thr", 0.35}, {"min_best_iou", 0.2}, {"neg_pos_ratio", 7}}},
          {"test_cfg", {{"nms_pre", 5000}, {"score_thr", 0.02}, {"nms", {{"type", "nms"}, {"iou_threshold", 0.4}}},
                        {"max_per_img", 750}}}};
}

Json faceboxes() {
  return {{"type", "FaceBoxes"},
          {"backbone", {{"type", "FaceBoxesNet"}}},
          {"bbox_head", {{"type", "FaceBoxesHead"}, {"prior_box", kFaceBoxesPriors}}},
          {"train_cfg", {{"pos_iou_thr", 0.35}}},
          {"test_cfg", {{"nms_pre", 5000}, {"score_thr", 0.05}, {"nms", {{"type", "nms"}, {"iou_threshold", 0.3}}},
                        {"max_per_img", 750}}}};
}

TEST(RetinaFace, StateDictNamesAreTheAuthors) {
  auto model = models::build_detector(Options::from_json(retinaface(), "model"));
  auto params = model->named_parameters();
  auto buffers = model->named_buffers();
  for (const char* key : {"backbone.stage1.0.0.weight", "backbone.stage1.1.0.weight", "backbone.stage1.1.3.weight",
                          "backbone.stage2.5.4.weight", "backbone.stage3.1.3.weight", "neck.0.output1.0.weight",
                          "neck.0.merge2.1.weight", "neck.1.ssh1.conv3X3.0.weight", "neck.1.ssh3.conv7x7_3.1.bias",
                          "bbox_head.ClassHead.0.conv1x1.weight", "bbox_head.BboxHead.2.conv1x1.bias",
                          "bbox_head.LandmarkHead.1.conv1x1.weight"}) {
    EXPECT_TRUE(params.contains(key)) << key;
  }
  EXPECT_TRUE(buffers.contains("backbone.stage3.1.4.running_var"));
  EXPECT_FALSE(params.contains("neck.0.merge3.0.weight"));  // the coarsest level has no merge conv
  EXPECT_EQ(params["backbone.stage1.0.0.weight"].sizes(), (at::IntArrayRef{8, 3, 3, 3}));
  EXPECT_EQ(params["backbone.stage3.1.3.weight"].sizes(), (at::IntArrayRef{256, 256, 1, 1}));
  EXPECT_EQ(params["bbox_head.ClassHead.0.conv1x1.weight"].sizes(), (at::IntArrayRef{4, 64, 1, 1}));
  EXPECT_EQ(params["bbox_head.LandmarkHead.2.conv1x1.weight"].sizes(), (at::IntArrayRef{20, 64, 1, 1}));
}

TEST(RetinaFace, ALandmarkCountOtherThanFiveAndMismatchedChannelsFailAtBuildTime) {
  EXPECT_EQ(error_of([] { models::build_detector(Options::from_json(retinaface(4), "model")); }),
            "model.bbox_head.num_landmarks: RetinaFace predicts five landmarks (eyes, nose, mouth corners), got 4");
  auto wrong = retinaface();
  wrong["bbox_head"]["in_channels"] = 32;
  EXPECT_EQ(error_of([&] { models::build_detector(Options::from_json(wrong, "model")); }),
            "model.bbox_head.in_channels: (32) do not match the neck's out_channels (64, 64, 64)");
}

struct FaceBatch {
  torch::Tensor images;
  std::vector<models::GroundTruth> gts;
  std::vector<models::ImageMeta> metas;
};

// Two 96x128 images: image 0 has a face with landmarks and one without, image 1 one face with.
FaceBatch face_batch() {
  auto kp = [](float x, float y, float v) {
    std::vector<float> p;
    for (int i = 0; i < 5; ++i) p.insert(p.end(), {x + 4 * i, y + 2 * i, v});
    return p;
  };
  auto two = kp(20, 24, 1);
  auto none = kp(-1, -1, 0);
  two.insert(two.end(), none.begin(), none.end());
  FaceBatch b{torch::randn({2, 3, 96, 128}), {}, {{96, 128}, {96, 128}}};
  b.gts.push_back({torch::tensor({10.f, 12.f, 50.f, 60.f, 70.f, 20.f, 110.f, 70.f}).view({2, 4}),
                   torch::zeros({2}, torch::kLong), torch::Tensor(), torch::tensor(two).view({2, 5, 3})});
  b.gts.push_back({torch::tensor({30.f, 30.f, 62.f, 70.f}).view({1, 4}), torch::zeros({1}, torch::kLong),
                   torch::Tensor(), torch::tensor(kp(36, 40, 1)).view({1, 5, 3})});
  return b;
}

TEST(RetinaFace, LandmarkLossIgnoresFacesWithoutLandmarks) {
  torch::manual_seed(0);
  auto model = models::build_detector(Options::from_json(retinaface(), "model"));
  model->eval();  // fixed batch statistics: the three passes see the same network
  auto b = face_batch();
  torch::NoGradGuard no_grad;
  const auto base = model->forward_train(b.images, b.gts, b.metas);
  EXPECT_GT(base.at("loss_landmark").item<double>(), 0);
  // The face without landmarks may carry any coordinates: nothing changes.
  auto moved = b;
  moved.gts[0].keypoints = b.gts[0].keypoints.clone();
  moved.gts[0].keypoints[1].narrow(1, 0, 2).fill_(1000);
  const auto same = model->forward_train(moved.images, moved.gts, moved.metas);
  for (const auto& [name, value] : base) EXPECT_EQ(value.item<double>(), same.at(name).item<double>()) << name;
  // Giving it landmarks changes the landmark loss only.
  auto given = b;
  given.gts[0].keypoints = b.gts[0].keypoints.clone();
  given.gts[0].keypoints[1].select(1, 2).fill_(1);
  const auto more = model->forward_train(given.images, given.gts, given.metas);
  EXPECT_NE(more.at("loss_landmark").item<double>(), base.at("loss_landmark").item<double>());
  EXPECT_EQ(more.at("loss_bbox").item<double>(), base.at("loss_bbox").item<double>());
  // Without keypoints at all there is no landmark loss.
  for (auto& gt : b.gts) gt.keypoints = torch::Tensor();
  EXPECT_EQ(model->forward_train(b.images, b.gts, b.metas).at("loss_landmark").item<double>(), 0);
}

TEST(RetinaFace, TrainsAndPredictsLandmarks) {
  torch::manual_seed(0);
  auto model = models::build_detector(Options::from_json(retinaface(), "model"));
  auto b = face_batch();
  auto losses = model->forward_train(b.images, b.gts, b.metas);
  for (const char* name : {"loss_cls", "loss_bbox", "loss_landmark"}) EXPECT_GT(losses.at(name).item<double>(), 0) << name;
  (losses.at("loss_cls") + losses.at("loss_bbox") + losses.at("loss_landmark")).backward();
  EXPECT_TRUE(model->named_parameters()["backbone.stage1.0.0.weight"].grad().defined());
  model->eval();
  torch::NoGradGuard no_grad;
  const auto dets = model->simple_test(b.images, b.metas, true);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_EQ(dets[0].keypoints.dim(), 3);
  EXPECT_EQ(dets[0].keypoints.size(0), dets[0].boxes.size(0));
  EXPECT_EQ(dets[0].keypoints.size(1), 5);
  EXPECT_LE(dets[0].boxes.size(0), 750);
  // Nothing above the threshold: empty detections, landmarks (0, 5, 2).
  auto strict = retinaface();
  strict["test_cfg"]["score_thr"] = 1.0;
  auto none = models::build_detector(Options::from_json(strict, "model"));
  none->eval();
  const auto empty = none->simple_test(b.images, b.metas, true);
  EXPECT_EQ(empty[0].boxes.size(0), 0);
  EXPECT_EQ(empty[0].keypoints.sizes(), (at::IntArrayRef{0, 5, 2}));
}

TEST(FaceBoxes, NamesShapesAndATrainingStep) {
  torch::manual_seed(0);
  auto model = models::build_detector(Options::from_json(faceboxes(), "model"));
  auto params = model->named_parameters();
  for (const char* key : {"backbone.conv1.conv.weight", "backbone.conv2.bn.weight",
                          "backbone.inception2.branch3x3_reduce_2.conv.weight", "backbone.conv4_2.conv.weight",
                          "bbox_head.loc.0.weight", "bbox_head.conf.2.bias"}) {
    EXPECT_TRUE(params.contains(key)) << key;
  }
  EXPECT_EQ(params["backbone.conv1.conv.weight"].sizes(), (at::IntArrayRef{24, 3, 7, 7}));
  EXPECT_EQ(params["bbox_head.loc.0.weight"].sizes(), (at::IntArrayRef{21 * 4, 128, 3, 3}));
  EXPECT_EQ(params["bbox_head.conf.0.weight"].sizes(), (at::IntArrayRef{21 * 2, 128, 3, 3}));
  auto* detector = dynamic_cast<models::SingleStageDetectorImpl*>(model.get());
  ASSERT_NE(detector, nullptr);
  {
    torch::NoGradGuard no_grad;
    model->eval();
    const auto feats = detector->extract_feat(torch::zeros({1, 3, 1024, 1024}));
    ASSERT_EQ(feats.size(), 3u);
    EXPECT_EQ(feats[0].sizes(), (at::IntArrayRef{1, 128, 32, 32}));
    EXPECT_EQ(feats[2].sizes(), (at::IntArrayRef{1, 256, 8, 8}));
    model->train();
  }
  std::vector<models::GroundTruth> gts{{torch::tensor({40.f, 40.f, 120.f, 130.f}).view({1, 4}), torch::zeros({1}, torch::kLong)}};
  std::vector<models::ImageMeta> metas{{256, 256}};
  auto images = torch::randn({1, 3, 256, 256});
  auto losses = model->forward_train(images, gts, metas);
  EXPECT_EQ(losses.count("loss_landmark"), 0u);
  EXPECT_GT(losses.at("loss_bbox").item<double>(), 0);
  (losses.at("loss_cls") + losses.at("loss_bbox")).backward();
  model->eval();
  torch::NoGradGuard no_grad;
  const auto dets = model->simple_test(images, metas, true);
  EXPECT_EQ(dets[0].keypoints.size(1), 0);
}

}  // namespace
