// SSD: the caffe-style anchors of SSD300/SSD512 (v2) and of mmdetection v1 (legacy), the VGG
// backbone and neck shapes and names, hard negative mining, and the head's loss against a
// float64 reference of mmdetection's formula computed here from first principles.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "core/anchor/ssd_anchor_generator.h"
#include "core/options.h"
#include "error_of.h"
#include "models/backbones/ssd_vgg.h"
#include "models/dense_heads/ssd_head.h"
#include "models/detectors/detector.h"
#include "models/detectors/single_stage.h"
#include "registry/registry.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;

Json ssd300_anchors(const char* type = "SSDAnchorGenerator") {
  return {{"type", type}, {"scale_major", false}, {"input_size", 300}, {"basesize_ratio_range", {0.15, 0.9}},
          {"strides", {8, 16, 32, 64, 100, 300}}, {"ratios", {{2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}}}};
}

Json ssd512_anchors() {
  return {{"type", "SSDAnchorGenerator"}, {"scale_major", false}, {"input_size", 512},
          {"basesize_ratio_range", {0.1, 0.9}}, {"strides", {8, 16, 32, 64, 128, 256, 512}},
          {"ratios", {{2}, {2, 3}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}}}};
}

std::shared_ptr<core::AnchorGenerator> generator(const Json& cfg) {
  return core::build_anchor_generator(Options::from_json(cfg, "anchor_generator"));
}

int64_t total_anchors(const core::AnchorGenerator& g, const std::vector<int64_t>& sizes) {
  int64_t total = 0;
  for (size_t l = 0; l < sizes.size(); ++l) {
    const auto anchors = g.grid_anchors(l, sizes[l], sizes[l], torch::kCPU);
    EXPECT_EQ(anchors.size(0), sizes[l] * sizes[l] * g.num_base_anchors(l)) << "level " << l;
    total += anchors.size(0);
  }
  return total;
}

// x1, y1, x2, y2 of a w x h box centred at c.
std::vector<double> centred(double c, double w, double h) { return {c - w / 2, c - h / 2, c + w / 2, c + h / 2}; }

void expect_anchor(const torch::Tensor& anchors, int64_t i, const std::vector<double>& box) {
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(anchors[i][k].item<double>(), box[k], 1e-4) << "anchor " << i << " coord " << k;
}

TEST(SSDAnchorGenerator, SSD300SizesCountsAndAnchors) {
  auto g = generator(ssd300_anchors());
  auto* ssd = dynamic_cast<core::SSDAnchorGenerator*>(g.get());
  ASSERT_NE(ssd, nullptr);
  // int(300 * r / 100) for r = 15, 33, 51, 69, 87 (step int(75 / 4) = 18), after COCO's (21, 45).
  EXPECT_EQ(ssd->min_sizes(), (std::vector<int64_t>{21, 45, 99, 153, 207, 261}));
  EXPECT_EQ(ssd->max_sizes(), (std::vector<int64_t>{45, 99, 153, 207, 261, 315}));
  std::vector<int64_t> per_level;
  for (int64_t l = 0; l < 6; ++l) per_level.push_back(g->num_base_anchors(l));
  EXPECT_EQ(per_level, (std::vector<int64_t>{4, 6, 6, 6, 4, 4}));
  EXPECT_EQ(total_anchors(*g, {38, 19, 10, 5, 3, 1}), 8732);
  // Level 0, centred at stride / 2 = 4: squares a = 21 and sqrt(21 * 45), then ratio 2's pair.
  const auto& level0 = g->base_anchors(0);
  const double r2 = std::sqrt(2.0);
  expect_anchor(level0, 0, centred(4, 21, 21));
  expect_anchor(level0, 1, centred(4, std::sqrt(21.0 * 45), std::sqrt(21.0 * 45)));
  expect_anchor(level0, 2, centred(4, 21 * r2, 21 / r2));
  expect_anchor(level0, 3, centred(4, 21 / r2, 21 * r2));
  // Level 1: ratio 3's pair after ratio 2's; the second cell of the grid is one stride (16) on.
  const auto level1 = g->grid_anchors(1, 19, 19, torch::kCPU);
  const double r3 = std::sqrt(3.0);
  expect_anchor(level1, 4, centred(8, 45 * r3, 45 / r3));
  expect_anchor(level1, 6 + 5, {24 - 45 / r3 / 2, 8 - 45 * r3 / 2, 24 + 45 / r3 / 2, 8 + 45 * r3 / 2});
  // The last level: one cell of stride 300, centre 150.
  expect_anchor(g->base_anchors(5), 0, centred(150, 261, 261));
}

TEST(SSDAnchorGenerator, SSD512SizesAndCounts) {
  auto g = generator(ssd512_anchors());
  auto* ssd = dynamic_cast<core::SSDAnchorGenerator*>(g.get());
  ASSERT_NE(ssd, nullptr);
  EXPECT_EQ(ssd->min_sizes(), (std::vector<int64_t>{20, 51, 133, 215, 296, 378, 460}));
  EXPECT_EQ(ssd->max_sizes(), (std::vector<int64_t>{51, 133, 215, 296, 378, 460, 542}));
  EXPECT_EQ(total_anchors(*g, {64, 32, 16, 8, 4, 2, 1}), 24564);
  expect_anchor(g->base_anchors(6), 1, centred(256, std::sqrt(460.0 * 542), std::sqrt(460.0 * 542)));
}

TEST(SSDAnchorGenerator, VocSettingsAndExplicitSizes) {
  auto voc = ssd300_anchors();
  voc["basesize_ratio_range"] = {0.2, 0.9};
  const auto voc_generator = generator(voc);
  auto* g = dynamic_cast<core::SSDAnchorGenerator*>(voc_generator.get());
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->min_sizes(), (std::vector<int64_t>{30, 60, 111, 162, 213, 264}));
  EXPECT_EQ(g->max_sizes(), (std::vector<int64_t>{60, 111, 162, 213, 264, 315}));
  Json lite = {{"type", "SSDAnchorGenerator"}, {"scale_major", false}, {"strides", {16, 32}},
               {"ratios", {{2, 3}, {2}}}, {"min_sizes", {48, 100}}, {"max_sizes", {100, 150}}};
  auto explicit_sizes = generator(lite);
  expect_anchor(explicit_sizes->base_anchors(1), 1, centred(16, std::sqrt(100.0 * 150), std::sqrt(100.0 * 150)));
}

// The seed's description of mmdetection v1: per level an AnchorGenerator with base_size
// min_size, scales (1, sqrt(max / min)), ratios (1, 1/r, r, ...), scale_major=False and centre
// ((stride - 1) / 2, (stride - 1) / 2) makes 6 or 10 anchors of (w - 1) / 2 half-sizes, rounded;
// the index lists (0, 3, 1, 2) / (0, 5, 1, 2, 3, 4) cut them to 4 or 6.
std::vector<std::vector<double>> v1_anchors(double min_size, double max_size, double stride,
                                            const std::vector<double>& level_ratios) {
  std::vector<double> ratios{1};
  for (double r : level_ratios) ratios.insert(ratios.end(), {1 / r, r});
  const double ctr = (stride - 1) / 2;
  std::vector<std::vector<double>> all;
  for (double scale : {1.0, std::sqrt(max_size / min_size)}) {
    for (double ratio : ratios) {
      const double w = min_size * scale / std::sqrt(ratio), h = min_size * scale * std::sqrt(ratio);
      all.push_back({std::nearbyint(ctr - 0.5 * (w - 1)), std::nearbyint(ctr - 0.5 * (h - 1)),
                     std::nearbyint(ctr + 0.5 * (w - 1)), std::nearbyint(ctr + 0.5 * (h - 1))});
    }
  }
  EXPECT_TRUE(all.size() == 6 || all.size() == 10);
  const std::vector<size_t> cut = all.size() == 6 ? std::vector<size_t>{0, 3, 1, 2} : std::vector<size_t>{0, 5, 1, 2, 3, 4};
  std::vector<std::vector<double>> kept;
  for (size_t i : cut) kept.push_back(all[i]);
  return kept;
}

TEST(LegacySSDAnchorGenerator, ReproducesTheSeedsV1Description) {
  auto g = generator(ssd300_anchors("LegacySSDAnchorGenerator"));
  const std::vector<double> strides{8, 16, 32, 64, 100, 300};
  const std::vector<std::vector<double>> ratios{{2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}};
  const std::vector<double> mins{21, 45, 99, 153, 207, 261}, maxs{45, 99, 153, 207, 261, 315};
  for (size_t l = 0; l < strides.size(); ++l) {
    const auto expected = v1_anchors(mins[l], maxs[l], strides[l], ratios[l]);
    const auto& got = g->base_anchors(l);
    ASSERT_EQ(got.size(0), static_cast<int64_t>(expected.size())) << "level " << l;
    for (size_t i = 0; i < expected.size(); ++i) {
      for (int k = 0; k < 4; ++k) EXPECT_EQ(got[i][k].item<double>(), expected[i][k]) << l << "/" << i << "/" << k;
    }
  }
  // By hand, level 0: a = 21 around 3.5 is [-6.5, 13.5], rounded half to even to [-6, 14].
  EXPECT_TRUE(torch::equal(g->base_anchors(0)[0], torch::tensor({-6.f, -6.f, 14.f, 14.f})));
  // v2 differs: centre stride / 2 and w / 2 half-sizes, not rounded.
  EXPECT_TRUE(torch::allclose(generator(ssd300_anchors())->base_anchors(0)[0], torch::tensor({-6.5f, -6.5f, 14.5f, 14.5f})));
}

TEST(SSDAnchorGenerator, BadSettingsNameTheKey) {
  auto short_ratios = ssd300_anchors();
  short_ratios["ratios"] = {{2}, {2, 3}};
  EXPECT_EQ(error_of([&] { generator(short_ratios); }), "anchor_generator.ratios: 2 levels of ratios but 6 strides");
  auto odd_size = ssd300_anchors();
  odd_size["input_size"] = 320;
  EXPECT_NE(error_of([&] { generator(odd_size); }).find("input_size must be 300 or 512, got 320"), std::string::npos);
  auto bad_range = ssd300_anchors();
  bad_range["basesize_ratio_range"] = {0.1, 0.9};
  EXPECT_NE(error_of([&] { generator(bad_range); }).find("basesize_ratio_range[0] must be 0.15 or 0.2"),
            std::string::npos);
  auto half_sizes = ssd300_anchors();
  half_sizes["min_sizes"] = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(error_of([&] { generator(half_sizes); }), "anchor_generator: give both min_sizes and max_sizes, or neither");
}

TEST(HardNegativeMining, KeepsRatioTimesPositivesOfTheHighestLosses) {
  const auto losses = torch::tensor({0.1, 0.9, 0.5, 0.7, 0.3, 2.0}, torch::kDouble);
  const auto labels = torch::tensor({2, 2, 0, 2, 2, 1}, torch::kLong);  // background = 2
  // Positives 0.5 + 2.0; ratio 1 keeps the 2 hardest negatives 0.9 + 0.7.
  EXPECT_DOUBLE_EQ(models::hard_negative_mined_sum(losses, labels, 2, 1).item<double>(), 0.5 + 2.0 + 0.9 + 0.7);
  // Ratio 3 asks for 6 negatives; all 4 are kept.
  EXPECT_DOUBLE_EQ(models::hard_negative_mined_sum(losses, labels, 2, 3).item<double>(), 2.5 + 0.1 + 0.9 + 0.7 + 0.3);
  // Without positives no negative is kept; labels outside [0, background] (ignored) count as neither.
  EXPECT_DOUBLE_EQ(models::hard_negative_mined_sum(losses, torch::full({6}, 2, torch::kLong), 2, 3).item<double>(), 0.0);
  const auto with_ignored = torch::tensor({2, -1, 0, 2, 2, 2}, torch::kLong);
  EXPECT_DOUBLE_EQ(models::hard_negative_mined_sum(losses, with_ignored, 2, 2).item<double>(), 0.5 + 2.0 + 0.7);
}

// ---- The head's loss against a float64 reference ----

// A tiny SSD head: two levels of strides 16 and 32 on a 64x64 input, sizes given explicitly.
Json tiny_head(int64_t num_classes) {
  return {{"type", "SSDHead"}, {"num_classes", num_classes}, {"in_channels", {8, 8}},
          {"anchor_generator", {{"type", "SSDAnchorGenerator"}, {"scale_major", false}, {"strides", {16, 32}},
                                {"ratios", {{2}, {2, 3}}}, {"min_sizes", {16, 32}}, {"max_sizes", {32, 64}}}},
          {"bbox_coder", {{"type", "DeltaXYWHBBoxCoder"}, {"target_means", {0, 0, 0, 0}},
                          {"target_stds", {0.1, 0.1, 0.2, 0.2}}}}};
}

Json ssd_train_cfg(int64_t neg_pos_ratio) {
  return {{"assigner", {{"type", "MaxIoUAssigner"}, {"pos_iou_thr", 0.5}, {"neg_iou_thr", 0.5}, {"min_pos_iou", 0.0},
                        {"ignore_iof_thr", -1}, {"gt_max_assign_all", false}}},
          {"smoothl1_beta", 1.0}, {"allowed_border", -1}, {"pos_weight", -1}, {"neg_pos_ratio", neg_pos_ratio},
          {"debug", false}};
}

using Box = std::array<double, 4>;

// The anchors in mmdetection's order: per level, cell-major, then the 4 or 6 base anchors.
std::vector<Box> reference_anchors() {
  std::vector<Box> anchors;
  const double strides[] = {16, 32}, mins[] = {16, 32}, maxs[] = {32, 64};
  const std::vector<std::vector<double>> ratios{{2}, {2, 3}};
  for (int l = 0; l < 2; ++l) {
    const int cells = static_cast<int>(64 / strides[l]);
    std::vector<std::pair<double, double>> wh{{mins[l], mins[l]}, {std::sqrt(mins[l] * maxs[l]), std::sqrt(mins[l] * maxs[l])}};
    for (double r : ratios[l]) {
      wh.emplace_back(mins[l] * std::sqrt(r), mins[l] / std::sqrt(r));
      wh.emplace_back(mins[l] / std::sqrt(r), mins[l] * std::sqrt(r));
    }
    for (int y = 0; y < cells; ++y) {
      for (int x = 0; x < cells; ++x) {
        const double cx = x * strides[l] + strides[l] / 2, cy = y * strides[l] + strides[l] / 2;
        for (auto [w, h] : wh) anchors.push_back({cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2});
      }
    }
  }
  return anchors;
}

double iou(const Box& a, const Box& b) {
  const double iw = std::max(0.0, std::min(a[2], b[2]) - std::max(a[0], b[0]));
  const double ih = std::max(0.0, std::min(a[3], b[3]) - std::max(a[1], b[1]));
  const double inter = iw * ih;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

// mmdetection's MaxIoUAssigner (pos = neg = 0.5, min_pos_iou 0, gt_max_assign_all False): the
// index of the assigned ground truth per anchor, or -1 for a negative.
std::vector<int> assign(const std::vector<Box>& anchors, const std::vector<Box>& gts) {
  std::vector<int> assigned(anchors.size(), -1);
  for (size_t a = 0; a < anchors.size(); ++a) {
    double best = -1;
    for (size_t g = 0; g < gts.size(); ++g) {
      const double o = iou(anchors[a], gts[g]);
      if (o > best) best = o, assigned[a] = o >= 0.5 ? static_cast<int>(g) : -1;
    }
  }
  for (size_t g = 0; g < gts.size(); ++g) {
    size_t best_anchor = 0;
    for (size_t a = 1; a < anchors.size(); ++a) {
      if (iou(anchors[a], gts[g]) > iou(anchors[best_anchor], gts[g])) best_anchor = a;
    }
    assigned[best_anchor] = static_cast<int>(g);
  }
  return assigned;
}

// DeltaXYWHBBoxCoder.encode with stds (0.1, 0.1, 0.2, 0.2).
Box encode(const Box& a, const Box& g) {
  const double pw = a[2] - a[0], ph = a[3] - a[1], gw = g[2] - g[0], gh = g[3] - g[1];
  const double px = (a[0] + a[2]) / 2, py = (a[1] + a[3]) / 2, gx = (g[0] + g[2]) / 2, gy = (g[1] + g[3]) / 2;
  return {(gx - px) / pw / 0.1, (gy - py) / ph / 0.1, std::log(gw / pw) / 0.2, std::log(gh / ph) / 0.2};
}

double smooth_l1(double d, double beta) {
  d = std::abs(d);
  return d < beta ? 0.5 * d * d / beta : d - 0.5 * beta;
}

TEST(SSDHead, LossEqualsAFloat64ReferenceOfMmdetectionsFormula) {
  torch::manual_seed(3);
  const int64_t num_classes = 3, ratio = 3;
  auto head = std::dynamic_pointer_cast<models::SSDHeadImpl>(mmdet4j::build<models::DenseHead>(
      "head", Options::from_json(tiny_head(num_classes), "model.bbox_head"), "",
      Options::from_json(ssd_train_cfg(ratio), "model.train_cfg"), Options()));
  ASSERT_NE(head, nullptr);
  // Level 0: 4x4 cells x 4 anchors; level 1: 2x2 cells x 6 anchors.
  const int64_t c = num_classes + 1;
  std::vector<torch::Tensor> cls{torch::randn({2, 4 * c, 4, 4}), torch::randn({2, 6 * c, 2, 2})};
  std::vector<torch::Tensor> reg{torch::randn({2, 16, 4, 4}), torch::randn({2, 24, 2, 2})};
  const std::vector<std::vector<Box>> gt_boxes{{{4, 6, 30, 28}, {20, 18, 60, 62}}, {{33, 1, 49, 40}}};
  const std::vector<std::vector<int64_t>> gt_labels{{2, 0}, {1}};
  std::vector<models::GroundTruth> gts;
  for (size_t i = 0; i < gt_boxes.size(); ++i) {
    std::vector<float> flat;
    for (const auto& b : gt_boxes[i]) flat.insert(flat.end(), b.begin(), b.end());
    gts.push_back({torch::tensor(flat).view({-1, 4}), torch::tensor(gt_labels[i], torch::kLong), {}});
  }
  const auto losses = head->loss(cls, reg, gts, {{64, 64}, {64, 64}});

  // Reference, per image: cross-entropy of every anchor, positives plus the ratio x positives
  // hardest negatives, SmoothL1 (beta 1) of the positives' deltas; all over the batch's positives.
  const auto anchors = reference_anchors();
  ASSERT_EQ(anchors.size(), 4u * 16 + 6 * 4);
  // The `width` values of an anchor in a level's (A * width, H, W) map: anchor-major channels
  // per cell; level 0 holds anchors 0-63 (4x4 cells x 4), level 1 the rest (2x2 cells x 6).
  auto values_of = [](const std::vector<torch::Tensor>& maps, int64_t image, size_t anchor, int64_t width) {
    const int64_t level = anchor < 64 ? 0 : 1, a_per = level == 0 ? 4 : 6, w = level == 0 ? 4 : 2;
    const int64_t k = level == 0 ? anchor : anchor - 64, cell = k / a_per, base = k % a_per;
    auto v = maps[level][image].select(1, cell / w).select(1, cell % w).narrow(0, base * width, width)
                 .to(torch::kDouble);
    return std::vector<double>(v.data_ptr<double>(), v.data_ptr<double>() + width);
  };
  auto logits_of = [&](int64_t image, size_t anchor) { return values_of(cls, image, anchor, c); };
  auto deltas_of = [&](int64_t image, size_t anchor) { return values_of(reg, image, anchor, 4); };
  double cls_sum = 0, bbox_sum = 0, total_pos = 0;
  for (int64_t i = 0; i < 2; ++i) {
    const auto assigned = assign(anchors, gt_boxes[i]);
    std::vector<double> neg_losses;
    int pos = 0;
    for (size_t a = 0; a < anchors.size(); ++a) {
      const auto z = logits_of(i, a);
      const double lse = std::log(std::accumulate(z.begin(), z.end(), 0.0, [](double s, double v) { return s + std::exp(v); }));
      if (assigned[a] < 0) {
        neg_losses.push_back(lse - z[num_classes]);
        continue;
      }
      ++pos;
      cls_sum += lse - z[gt_labels[i][assigned[a]]];
      const auto target = encode(anchors[a], gt_boxes[i][assigned[a]]);
      const auto d = deltas_of(i, a);
      for (int k = 0; k < 4; ++k) bbox_sum += smooth_l1(d[k] - target[k], 1.0);
    }
    std::sort(neg_losses.rbegin(), neg_losses.rend());
    const size_t keep = std::min<size_t>(ratio * pos, neg_losses.size());
    ASSERT_GT(pos, 0);
    ASSERT_LT(keep, neg_losses.size());  // the mining has to choose
    for (size_t k = 0; k < keep; ++k) cls_sum += neg_losses[k];
    total_pos += std::max(pos, 1);
  }
  EXPECT_NEAR(losses.at("loss_cls").item<double>(), cls_sum / total_pos, 1e-5 * cls_sum / total_pos);
  EXPECT_NEAR(losses.at("loss_bbox").item<double>(), bbox_sum / total_pos, 1e-5 * bbox_sum / total_pos);
}

TEST(SSDHead, SoftmaxDetectionsDropTheBackgroundColumn) {
  auto head = std::dynamic_pointer_cast<models::SSDHeadImpl>(mmdet4j::build<models::DenseHead>(
      "head", Options::from_json(tiny_head(2), "model.bbox_head"), "", Options(),
      Options::from_json({{"score_thr", 0.5}, {"nms", {{"type", "nms"}, {"iou_threshold", 0.45}}}}, "model.test_cfg")));
  // Every logit 0 except class 1 of the first anchor of level 0's first cell, and background
  // everywhere else high: only that anchor scores above 0.5.
  std::vector<torch::Tensor> cls{torch::zeros({1, 4 * 3, 4, 4}), torch::zeros({1, 6 * 3, 2, 2})};
  for (int64_t a = 0; a < 4; ++a) cls[0][0][a * 3 + 2].fill_(5.0);
  for (int64_t a = 0; a < 6; ++a) cls[1][0][a * 3 + 2].fill_(5.0);
  cls[0][0][1][0][0] = 10.0;
  std::vector<torch::Tensor> reg{torch::zeros({1, 16, 4, 4}), torch::zeros({1, 24, 2, 2})};
  const auto dets = head->get_bboxes(cls, reg, {{64, 64}}, false);
  ASSERT_EQ(dets[0].boxes.size(0), 1);
  EXPECT_EQ(dets[0].labels.item<int64_t>(), 1);
  const double e = std::exp(10.0), expected = e / (e + 1 + std::exp(5.0));
  EXPECT_NEAR(dets[0].scores.item<double>(), expected, 1e-6);
  EXPECT_TRUE(torch::allclose(dets[0].boxes, torch::tensor({{0.f, 0.f, 16.f, 16.f}})));
}

// ---- The whole detector ----

// VGG16's conv4_3 and conv7 ReLUs are layers 22 and 34 of `features`; VGG11's 14 and 24.
Json ssd300(int64_t depth) {
  const std::vector<int64_t> outputs = depth == 11 ? std::vector<int64_t>{14, 24} : std::vector<int64_t>{22, 34};
  return {{"type", "SingleStageDetector"},
          {"backbone", {{"type", "SSDVGG"}, {"depth", depth}, {"with_last_pool", false}, {"ceil_mode", true},
                        {"out_indices", {3, 4}}, {"out_feature_indices", outputs}}},
          {"neck", {{"type", "SSDNeck"}, {"in_channels", {512, 1024}},
                    {"out_channels", {512, 1024, 512, 256, 256, 256}}, {"level_strides", {2, 2, 1, 1}},
                    {"level_paddings", {1, 1, 0, 0}}, {"l2_norm_scale", 20}}},
          {"bbox_head", {{"type", "SSDHead"}, {"in_channels", {512, 1024, 512, 256, 256, 256}}, {"num_classes", 80},
                         {"anchor_generator", ssd300_anchors()},
                         {"bbox_coder", {{"type", "DeltaXYWHBBoxCoder"}, {"target_means", {0, 0, 0, 0}},
                                         {"target_stds", {0.1, 0.1, 0.2, 0.2}}}}}},
          {"train_cfg", ssd_train_cfg(3)},
          {"test_cfg", {{"nms_pre", 1000}, {"nms", {{"type", "nms"}, {"iou_threshold", 0.45}}}, {"min_bbox_size", 0},
                        {"score_thr", 0.02}, {"max_per_img", 200}}}};
}

TEST(SSD300, NamesAndLevelShapesAsMmdetection) {
  auto model = models::build_detector(Options::from_json(ssd300(16), "model"));
  auto params = model->named_parameters();
  for (const char* key : {"backbone.features.0.weight", "backbone.features.21.bias", "backbone.features.31.weight",
                          "backbone.features.33.bias", "neck.l2_norm.weight", "neck.extra_layers.0.0.conv.weight",
                          "neck.extra_layers.3.1.conv.bias", "bbox_head.cls_convs.0.0.weight",
                          "bbox_head.reg_convs.5.0.bias"}) {
    EXPECT_TRUE(params.contains(key)) << key;
  }
  EXPECT_EQ(params["bbox_head.cls_convs.1.0.weight"].sizes(), (at::IntArrayRef{6 * 81, 1024, 3, 3}));
  EXPECT_EQ(params["backbone.features.31.weight"].sizes(), (at::IntArrayRef{1024, 512, 3, 3}));
  EXPECT_TRUE(torch::equal(params["neck.l2_norm.weight"], torch::full({512}, 20.0)));
  auto* ssd = dynamic_cast<models::SingleStageDetectorImpl*>(model.get());
  ASSERT_NE(ssd, nullptr);
  torch::NoGradGuard no_grad;
  model->eval();
  const auto feats = ssd->extract_feat(torch::zeros({1, 3, 300, 300}));
  const int64_t sizes[] = {38, 19, 10, 5, 3, 1}, channels[] = {512, 1024, 512, 256, 256, 256};
  ASSERT_EQ(feats.size(), 6u);
  for (int l = 0; l < 6; ++l) EXPECT_EQ(feats[l].sizes(), (at::IntArrayRef{1, channels[l], sizes[l], sizes[l]}));
}

// mmcv's VGG with_bn puts a BatchNorm after each conv: VGG11's conv4_2 and conv7 ReLUs move to
// layers 20 and 32 (the shapes config's outputs).
TEST(SSDVGG, WithBatchNormShiftsTheLayerIndices) {
  models::SSDVGG vgg(models::SSDVGGOptions::from(Options::from_json(
      {{"depth", 11}, {"with_bn", true}, {"out_feature_indices", {20, 32}}}, "model.backbone")));
  EXPECT_EQ(vgg->out_channels(), (std::vector<int64_t>{512, 1024}));
  auto params = vgg->named_parameters();
  EXPECT_TRUE(params.contains("features.1.weight"));  // the first BatchNorm
  EXPECT_EQ(params["features.29.weight"].sizes(), (at::IntArrayRef{1024, 512, 3, 3}));  // conv6
  torch::NoGradGuard no_grad;
  vgg->eval();
  const auto outs = vgg->forward(torch::zeros({1, 3, 192, 192}));
  ASSERT_EQ(outs.size(), 2u);
  EXPECT_EQ(outs[0].sizes(), (at::IntArrayRef{1, 512, 24, 24}));
  EXPECT_EQ(outs[1].sizes(), (at::IntArrayRef{1, 1024, 12, 12}));
  EXPECT_EQ(error_of([] { models::SSDVGGOptions::from(Options::from_json({{"depth", 18}}, "model.backbone")); }),
            "model.backbone.depth: invalid depth 18 for SSDVGG (one of 11, 13, 16, 19)");
  EXPECT_EQ(error_of([] {
              models::SSDVGG(models::SSDVGGOptions::from(
                  Options::from_json({{"depth", 11}, {"out_feature_indices", {14, 40}}}, "model.backbone")));
            }),
            "SSDVGG: out_feature_indices entry 40 outside the 25 layers of features");
}

TEST(SSD, MismatchedChannelsAndRatiosFailAtBuildTimeWithThePath) {
  auto wrong_channels = ssd300(11);
  wrong_channels["bbox_head"]["in_channels"] = {512, 1024, 512, 256, 256, 128};
  EXPECT_EQ(error_of([&] { models::build_detector(Options::from_json(wrong_channels, "model")); }),
            "model.bbox_head.in_channels: (512, 1024, 512, 256, 256, 128) do not match the neck's out_channels "
            "(512, 1024, 512, 256, 256, 256)");
  auto wrong_ratios = ssd300(11);
  wrong_ratios["bbox_head"]["anchor_generator"]["ratios"] = {{2}, {2, 3}, {2, 3}, {2}, {2}};
  EXPECT_EQ(error_of([&] { models::build_detector(Options::from_json(wrong_ratios, "model")); }),
            "model.bbox_head.anchor_generator.ratios: 5 levels of ratios but 6 strides");
  auto short_neck = ssd300(11);
  short_neck["neck"]["level_paddings"] = {1, 1, 0};
  EXPECT_EQ(error_of([&] { models::build_detector(Options::from_json(short_neck, "model")); }),
            "model.neck.level_paddings: 3 paddings for 4 strides");
}

TEST(SSD, TrainsAndPredictsOnATinyVgg) {
  torch::manual_seed(0);
  Json cfg = ssd300(11);
  cfg["neck"]["out_channels"] = {512, 1024, 64, 64, 64, 64};
  cfg["bbox_head"]["in_channels"] = {512, 1024, 64, 64, 64, 64};
  cfg["bbox_head"]["num_classes"] = 3;
  auto model = models::build_detector(Options::from_json(cfg, "model"));
  auto images = torch::randn({2, 3, 300, 300});
  std::vector<models::GroundTruth> gts{{torch::tensor({30.f, 40.f, 200.f, 220.f}).view({1, 4}), torch::tensor({2}, torch::kLong)},
                                       {torch::zeros({0, 4}), torch::zeros({0}, torch::kLong)}};
  std::vector<models::ImageMeta> metas{{300, 300}, {300, 300}};
  auto losses = model->forward_train(images, gts, metas);
  EXPECT_GT(losses.at("loss_cls").item<double>(), 0);
  EXPECT_GT(losses.at("loss_bbox").item<double>(), 0);
  (losses.at("loss_cls") + losses.at("loss_bbox")).backward();
  EXPECT_TRUE(model->named_parameters()["backbone.features.0.weight"].grad().defined());
  model->eval();
  torch::NoGradGuard no_grad;
  const auto dets = model->simple_test(images, metas, true);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_LE(dets[0].boxes.size(0), 200);
}

}  // namespace
