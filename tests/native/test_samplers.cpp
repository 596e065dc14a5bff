// Box samplers (mmdetection v2 semantics) on hand-made assignments.

#include <gtest/gtest.h>

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <set>

#include "core/bbox/samplers/base_sampler.h"
#include "error_of.h"

namespace {

using namespace mmdet4j;

// An assignment of `pos_per_gt[k]` boxes to ground truth k + 1 followed by `negatives` boxes at
// IoU `neg_iou` (a vector of per-negative IoUs when given).
core::AssignResult assignment(const std::vector<int64_t>& pos_per_gt, const std::vector<float>& neg_ious) {
  std::vector<int64_t> gt_inds, labels;
  std::vector<float> overlaps;
  for (size_t g = 0; g < pos_per_gt.size(); ++g) {
    for (int64_t k = 0; k < pos_per_gt[g]; ++k) {
      gt_inds.push_back(static_cast<int64_t>(g) + 1);
      labels.push_back(static_cast<int64_t>(g));
      overlaps.push_back(0.9f);
    }
  }
  for (float iou : neg_ious) {
    gt_inds.push_back(0);
    labels.push_back(-1);
    overlaps.push_back(iou);
  }
  return {static_cast<int64_t>(pos_per_gt.size()), torch::tensor(gt_inds), torch::tensor(overlaps), torch::tensor(labels)};
}

torch::Tensor boxes_for(const core::AssignResult& a) {
  auto x = torch::arange(a.gt_inds.size(0), torch::kFloat).unsqueeze(1);
  return torch::cat({x, x, x + 10, x + 10}, 1);  // box i starts at (i, i): identifies the box
}

torch::Tensor gts(int64_t count) { return torch::tensor({0.f, 0.f, 20.f, 20.f}).repeat({count, 1}); }

std::set<int64_t> as_set(const torch::Tensor& t) {
  std::set<int64_t> s;
  for (int64_t i = 0; i < t.numel(); ++i) s.insert(t[i].item<int64_t>());
  return s;
}

// A sampler built through registry "sampler": `type` with BaseSampler's keys and `extra`.
std::shared_ptr<core::Sampler> sampler(const std::string& type, int64_t num, double pos_fraction, bool add_gt,
                                       Json extra = Json::object()) {
  extra.update({{"type", type}, {"num", num}, {"pos_fraction", pos_fraction}, {"add_gt_as_proposals", add_gt}});
  return core::build_sampler(Options::from_json(extra, "train_cfg.sampler"));
}

std::shared_ptr<core::Sampler> random_sampler(int64_t num, double pos_fraction, bool add_gt) {
  return sampler("RandomSampler", num, pos_fraction, add_gt);
}

TEST(RandomSampler, TakesTheExpectedNumbersSortedAndDistinct) {
  torch::manual_seed(0);
  auto a = assignment({10}, std::vector<float>(100, 0.1f));
  auto random = random_sampler(16, 0.25, false);
  auto r = random->sample(a, boxes_for(a), gts(1), torch::tensor({0}, torch::kLong));
  ASSERT_EQ(r.pos_inds.numel(), 4);
  ASSERT_EQ(r.neg_inds.numel(), 12);
  EXPECT_TRUE(torch::equal(r.pos_inds, std::get<0>(r.pos_inds.sort())));
  EXPECT_EQ(as_set(r.pos_inds).size(), 4u);
  for (auto i : as_set(r.pos_inds)) EXPECT_LT(i, 10);
  for (auto i : as_set(r.neg_inds)) EXPECT_GE(i, 10);
  EXPECT_TRUE(torch::equal(r.pos_assigned_gt_inds, torch::zeros({4}, torch::kLong)));
  // The sampled boxes are the boxes at those indices.
  EXPECT_TRUE(torch::equal(r.pos_boxes.select(1, 0).to(torch::kLong), r.pos_inds));
}

TEST(RandomSampler, SameSeedSameSample) {
  auto a = assignment({10}, std::vector<float>(100, 0.1f));
  auto random = random_sampler(16, 0.25, false);
  torch::manual_seed(7);
  auto r1 = random->sample(a, boxes_for(a), gts(1), torch::tensor({0}, torch::kLong));
  torch::manual_seed(7);
  auto r2 = random->sample(a, boxes_for(a), gts(1), torch::tensor({0}, torch::kLong));
  EXPECT_TRUE(torch::equal(r1.pos_inds, r2.pos_inds));
  EXPECT_TRUE(torch::equal(r1.neg_inds, r2.neg_inds));
}

TEST(RandomSampler, GroundTruthsJoinAsPositives) {
  auto a = assignment({1}, std::vector<float>(5, 0.1f));
  auto random = random_sampler(512, 0.25, true);
  auto r = random->sample(a, boxes_for(a), gts(2), torch::tensor({0, 1}, torch::kLong));
  // 2 ground truths prepended + 1 assigned positive; fewer boxes than asked: all of them.
  ASSERT_EQ(r.pos_inds.numel(), 3);
  EXPECT_EQ(r.neg_inds.numel(), 5);
  EXPECT_TRUE(torch::equal(r.pos_is_gt, torch::tensor({true, true, false})));
  EXPECT_TRUE(torch::equal(r.pos_assigned_gt_inds, torch::tensor({0, 1, 0}, torch::kLong)));
  EXPECT_TRUE(torch::equal(r.pos_gt_labels, torch::tensor({0, 1, 0}, torch::kLong)));
}

TEST(RandomSampler, NegPosUpperBound) {
  auto a = assignment({1}, std::vector<float>(50, 0.1f));
  auto r = sampler("RandomSampler", 32, 0.25, false, {{"neg_pos_ub", 3}})->sample(a, boxes_for(a), gts(1), torch::tensor({0}, torch::kLong));
  EXPECT_EQ(r.pos_inds.numel(), 1);
  EXPECT_EQ(r.neg_inds.numel(), 3);
}

TEST(RandomSampler, NoGroundTruthAtAll) {
  auto a = assignment({}, std::vector<float>(20, 0.0f));
  auto r = random_sampler(8, 0.25, true)->sample(a, boxes_for(a), torch::zeros({0, 4}),
                                                                 torch::zeros({0}, torch::kLong));
  EXPECT_EQ(r.pos_inds.numel(), 0);
  EXPECT_EQ(r.neg_inds.numel(), 8);
  EXPECT_EQ(r.pos_gt_boxes.size(0), 0);
}

TEST(PseudoSampler, KeepsEveryAssignedBox) {
  auto a = assignment({3, 2}, std::vector<float>(7, 0.1f));
  auto r = core::build_sampler(Options::parse(R"({"type": "PseudoSampler"})"))->sample(a, boxes_for(a), gts(2), torch::tensor({0, 1}, torch::kLong));
  EXPECT_EQ(r.pos_inds.numel(), 5);
  EXPECT_EQ(r.neg_inds.numel(), 7);
}

TEST(InstanceBalancedPosSampler, SpreadsPositivesOverGroundTruths) {
  torch::manual_seed(0);
  auto a = assignment({20, 2}, std::vector<float>(50, 0.1f));
  auto balanced = sampler("InstanceBalancedPosSampler", 32, 0.25, false);  // 8 positives expected
  auto r = balanced->sample(a, boxes_for(a), gts(2), torch::tensor({0, 1}, torch::kLong));
  // round(8 / 2) + 1 = 5 per ground truth: 5 of the first, both of the second, then one more
  // of the remaining positives (the first's) to reach 8.
  ASSERT_EQ(r.pos_inds.numel(), 8);
  EXPECT_EQ((r.pos_assigned_gt_inds == 0).sum().item<int64_t>(), 6);
  EXPECT_EQ((r.pos_assigned_gt_inds == 1).sum().item<int64_t>(), 2);
  EXPECT_EQ(as_set(r.pos_inds).size(), 8u);
}

TEST(IoUBalancedNegSampler, TakesEachIoUBinItsShare) {
  torch::manual_seed(0);
  // Negatives: 20 at IoU 0.1 and 20 at IoU 0.35; the positives' 0.9 is the maximum, so with
  // floor_thr -1 the 3 bins are [0, 0.3), [0.3, 0.6), [0.6, 0.9).
  std::vector<float> ious(20, 0.1f);
  ious.insert(ious.end(), 20, 0.35f);
  auto a = assignment({4}, ious);
  // 4 positives, 12 negatives
  auto balanced = sampler("IoUBalancedNegSampler", 16, 0.25, false,
                          {{"floor_thr", -1}, {"floor_fraction", 0}, {"num_bins", 3}});
  auto r = balanced->sample(a, boxes_for(a), gts(1), torch::tensor({0}, torch::kLong));
  ASSERT_EQ(r.neg_inds.numel(), 12);
  auto low = (r.neg_inds < 24).sum().item<int64_t>();  // indices 4..23 hold IoU 0.1
  // 4 per bin from the two non-empty bins, 4 more drawn from either.
  EXPECT_GE(low, 4);
  EXPECT_GE(12 - low, 4);
  EXPECT_EQ(as_set(r.neg_inds).size(), 12u);
}

TEST(IoUBalancedNegSampler, FloorFractionComesFromZeroIoU) {
  torch::manual_seed(0);
  std::vector<float> ious(30, 0.0f);
  ious.insert(ious.end(), 30, 0.2f);
  auto a = assignment({4}, ious);
  // 0 positives asked, 24 negatives
  auto balanced = sampler("IoUBalancedNegSampler", 24, 0.0, false,
                          {{"floor_thr", 0}, {"floor_fraction", 0.5}, {"num_bins", 1}});
  auto r = balanced->sample(a, boxes_for(a), gts(1), torch::tensor({0}, torch::kLong));
  ASSERT_EQ(r.neg_inds.numel(), 24);
  EXPECT_EQ((r.neg_inds < 34).sum().item<int64_t>(), 12);  // 12 at IoU 0 (indices 4..33)
}

TEST(CombinedSampler, PositivesFromOneSamplerNegativesFromTheOther) {
  torch::manual_seed(0);
  // 3 ground truths with 12, 2 and 2 positives; negatives: 20 at IoU 0.0 and 20 at IoU 0.4.
  std::vector<float> ious(20, 0.0f);
  ious.insert(ious.end(), 20, 0.4f);
  auto a = assignment({12, 2, 2}, ious);
  // 8 positives spread over the ground truths (InstanceBalancedPosSampler takes at most
  // round(8 / 3) + 1 = 4 from the first), 24 negatives with half from the IoU-0 floor.
  auto combined = sampler("CombinedSampler", 32, 0.25, false,
                          {{"pos_sampler", {{"type", "InstanceBalancedPosSampler"}}},
                           {"neg_sampler", {{"type", "IoUBalancedNegSampler"}, {"floor_thr", 0},
                                            {"floor_fraction", 0.5}, {"num_bins", 1}}}});
  auto r = combined->sample(a, boxes_for(a), gts(3), torch::tensor({0, 1, 2}, torch::kLong));
  ASSERT_EQ(r.pos_inds.numel(), 8);
  EXPECT_EQ((r.pos_inds < 12).sum().item<int64_t>(), 4);  // the first ground truth's positives: indices 0..11
  ASSERT_EQ(r.neg_inds.numel(), 24);
  EXPECT_EQ((r.neg_inds < 36).sum().item<int64_t>(), 12);  // 12 at IoU 0 (indices 16..35)
  // The parts' own dicts are checked with their paths.
  EXPECT_EQ(test_support::error_of([] {
              sampler("CombinedSampler", 8, 0.25, false,
                      {{"pos_sampler", {{"type", "InstanceBalancedPosSampler"}}},
                       {"neg_sampler", {{"type", "IoUBalancedNegSampler"}, {"floor_th", 0}}}});
            }).rfind("train_cfg.sampler.neg_sampler.floor_th: unknown key for IoUBalancedNegSampler", 0),
            0u);
}

TEST(OHEMSampler, KeepsTheHardestBoxes) {
  auto a = assignment({6}, std::vector<float>(10, 0.1f));
  auto ohem = sampler("OHEMSampler", 8, 0.25, false);  // 2 positives, 6 negatives
  // Hardness = the box's x1 (its index): the highest indices are the hardest.
  core::HardnessFn hardness = [](const torch::Tensor& boxes, const torch::Tensor&) { return boxes.select(1, 0); };
  auto r = ohem->sample(a, boxes_for(a), gts(1), torch::tensor({0}, torch::kLong), hardness, 3);
  EXPECT_TRUE(torch::equal(r.pos_inds, torch::tensor({4, 5}, torch::kLong)));
  EXPECT_TRUE(torch::equal(r.neg_inds, torch::arange(10, 16, torch::kLong)));
}

TEST(Sampler, ConfigErrorsNameTheKey) {
  using test_support::error_of;
  EXPECT_EQ(error_of([] { sampler("CleverSampler", 8, 0.5, false); })
                .rfind("train_cfg.sampler.type: unknown type 'CleverSampler' in registry 'sampler'", 0),
            0u);
  EXPECT_EQ(error_of([] { sampler("RandomSampler", 0, 0.5, false); }), "train_cfg.sampler.num: must be positive, got 0");
  EXPECT_EQ(error_of([] { sampler("RandomSampler", 8, 1.5, false); }),
            "train_cfg.sampler.pos_fraction: must be in [0, 1], got 1.5");
  EXPECT_EQ(error_of([] { sampler("RandomSampler", 8, 0.5, false, {{"neg_pos_ub", -2}}); }),
            "train_cfg.sampler.neg_pos_ub: must be -1 (no bound) or >= 0, got -2");
  EXPECT_EQ(error_of([] { sampler("IoUBalancedNegSampler", 8, 0.5, false, {{"num_bins", 0}}); }),
            "train_cfg.sampler.num_bins: must be at least 1, got 0");
  EXPECT_EQ(error_of([] { sampler("OHEMSampler", 8, 0.5, false, {{"loss_key", "loss_bbox"}}); }),
            "train_cfg.sampler.loss_key: only 'loss_cls' is supported, got 'loss_bbox'");
  EXPECT_EQ(error_of([] { sampler("RandomSampler", 8, 0.5, false, {{"floor_thr", 0.1}}); })
                .rfind("train_cfg.sampler.floor_thr: unknown key for RandomSampler in registry 'sampler'", 0),
            0u);
}

}  // namespace
