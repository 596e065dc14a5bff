#include "models/dense_heads/multibox_head.h"

#include <algorithm>

#include "core/autocast.h"
#include "core/post_processing/multiclass_nms.h"
#include "models/dense_heads/dense_test.h"
#include "ops/nms.h"
#include "registry/settings.h"

namespace mmdet4j::models {

namespace F = torch::nn::functional;

Schema MultiBoxHead::base_schema() {
  return Schema()
      .optional("num_classes", ParamType::kInt, 1, "number of object classes, background excluded")
      .required("prior_box", ParamType::kDict, "the priors: {min_sizes, steps, densities, clip} (PriorBox)")
      .optional("variance", ParamType::kFloatList, {0.1, 0.2}, "the box coding's variances (centre, size)")
      .optional("loc_weight", ParamType::kFloat, 2.0, "weight of the box loss (the authors' loc_weight)")
      .optional("train_cfg", ParamType::kDict, nullptr, "set by the detector from its train_cfg; must stay None")
      .optional("test_cfg", ParamType::kDict, nullptr, "set by the detector from its test_cfg; must stay None");
}

const Schema& MultiBoxHead::train_schema() {
  static const Schema s = Schema()
      .optional("pos_iou_thr", ParamType::kFloat, 0.35, "priors whose best IoU reaches this are positive")
      .optional("min_best_iou", ParamType::kFloat, 0.2,
                "a ground truth forces its best prior positive when their IoU reaches this")
      .optional("neg_pos_ratio", ParamType::kInt, 7, "negatives kept per positive by hard negative mining");
  return s;
}

MultiBoxHead::MultiBoxHead(const Options& head, const Options& train_cfg, const Options& test_cfg,
                           int64_t num_landmarks, double landmark_weight)
    : num_classes_(head.get_int("num_classes")),
      num_landmarks_(num_landmarks),
      priors_(core::PriorBoxOptions::from(head.section("prior_box"))),
      loc_weight_(head.get_double("loc_weight")),
      landmark_weight_(landmark_weight),
      test_(AnchorHead::TestSettings::from(test_cfg, head.path())) {
  TORCH_CHECK(num_classes_ > 0, head.path_of("num_classes"), ": must be positive, got ", num_classes_);
  const auto variance = head.get_double_list("variance");
  TORCH_CHECK(variance.size() == 2 && variance[0] > 0 && variance[1] > 0, head.path_of("variance"),
              ": must be two positive numbers (centre, size)");
  variances_ = {variance[0], variance[1]};
  TORCH_CHECK(loc_weight_ >= 0, head.path_of("loc_weight"), ": must be >= 0");
  TORCH_CHECK(landmark_weight_ >= 0, head.path(), ": the landmark loss weight must be >= 0");
  head.require_none("train_cfg", "give it as the detector's train_cfg");
  head.require_none("test_cfg", "give it as the detector's test_cfg");
  if (train_cfg.to_json().empty()) return;  // built for testing only
  const auto train = train_cfg.with_schema(train_schema(), "train_cfg of " + head.path());
  pos_iou_thr_ = train.get_double("pos_iou_thr");
  min_best_iou_ = train.get_double("min_best_iou");
  neg_pos_ratio_ = train.get_int("neg_pos_ratio");
  TORCH_CHECK(pos_iou_thr_ > 0 && pos_iou_thr_ <= 1, train.path_of("pos_iou_thr"), ": must be in (0, 1]");
  TORCH_CHECK(min_best_iou_ > 0 && min_best_iou_ <= 1, train.path_of("min_best_iou"), ": must be in (0, 1]");
  TORCH_CHECK(neg_pos_ratio_ >= 0, train.path_of("neg_pos_ratio"), ": must be >= 0");
}

torch::Tensor MultiBoxHead::flatten_levels(const std::vector<torch::Tensor>& levels, int64_t k) {
  std::vector<torch::Tensor> flat;
  for (const auto& x : levels) flat.push_back(x.permute({0, 2, 3, 1}).reshape({x.size(0), -1, k}));
  return core::to_float32(torch::cat(flat, 1));
}

torch::Tensor MultiBoxHead::priors_for(const std::vector<torch::Tensor>& features,
                                       const std::vector<ImageMeta>& metas) const {
  std::vector<std::pair<int64_t, int64_t>> sizes;
  for (const auto& f : features) sizes.emplace_back(f.size(2), f.size(3));
  int64_t h = 0, w = 0;
  for (const auto& m : metas) h = std::max(h, m.height), w = std::max(w, m.width);
  return priors_.grid_priors(sizes, {h, w}, features.front().options().dtype(torch::kFloat));
}

std::map<std::string, torch::Tensor> MultiBoxHead::forward_train(const std::vector<torch::Tensor>& features,
                                                                 const std::vector<GroundTruth>& gts,
                                                                 const std::vector<ImageMeta>& metas) {
  const auto out = predict(features);
  auto cls = flatten_levels(out.cls, cls_channels());
  auto box = flatten_levels(out.box, 4);
  auto landmark = num_landmarks_ > 0 ? flatten_levels(out.landmark, 2 * num_landmarks_) : torch::Tensor();
  const auto priors = priors_for(features, metas);
  const int64_t n = cls.size(0), num_priors = cls.size(1);
  TORCH_CHECK(priors.size(0) == num_priors, "MultiBoxHead: ", num_priors, " predictions for ", priors.size(0),
              " priors (do the feature maps follow the prior_box steps?)");
  TORCH_CHECK(static_cast<int64_t>(gts.size()) == n, "MultiBoxHead: ", gts.size(), " ground truths for ", n, " images");

  auto labels = torch::zeros({n, num_priors}, cls.options().dtype(torch::kLong));
  std::vector<torch::Tensor> box_pred, box_target, lm_pred, lm_target, lm_weight;
  for (int64_t i = 0; i < n; ++i) {
    const auto& gt = gts[i];
    if (gt.boxes.size(0) == 0) continue;
    const auto match = match_priors(priors, gt.boxes, pos_iou_thr_, min_best_iou_);
    const auto pos = match.positive.nonzero().squeeze(1);
    const auto gt_of_pos = match.gt_index.index_select(0, pos);
    labels[i].index_put_({pos}, gt.labels.index_select(0, gt_of_pos) + 1);
    const auto pos_priors = priors.index_select(0, pos);
    box_pred.push_back(box[i].index_select(0, pos));
    box_target.push_back(encode_boxes(gt.boxes.index_select(0, gt_of_pos), pos_priors, variances_));
    if (num_landmarks_ > 0 && gt.keypoints.defined()) {
      TORCH_CHECK(gt.keypoints.dim() == 3 && gt.keypoints.size(1) == num_landmarks_ && gt.keypoints.size(2) == 3,
                  "MultiBoxHead: keypoints must be (G, ", num_landmarks_, ", 3), got ", gt.keypoints.sizes());
      const auto points = gt.keypoints.index_select(0, gt_of_pos);  // (M, K, 3)
      const auto visible = points.select(2, 2) > 0;                  // (M, K)
      const auto with_landmarks = visible.any(1).nonzero().squeeze(1);
      lm_pred.push_back(landmark[i].index_select(0, pos).index_select(0, with_landmarks));
      lm_target.push_back(encode_points(points.narrow(2, 0, 2), pos_priors, variances_).index_select(0, with_landmarks));
      lm_weight.push_back(visible.index_select(0, with_landmarks).to(torch::kFloat).repeat_interleave(2, 1));
    }
  }
  const auto positive = labels > 0;
  const auto num_pos = std::max<double>(positive.sum().item<double>(), 1.0);
  auto ce = F::cross_entropy(cls.reshape({-1, cls_channels()}), labels.reshape({-1}),
                             F::CrossEntropyFuncOptions().reduction(torch::kNone))
                .view({n, num_priors});
  const auto negative = mine_hard_negatives(ce, positive, neg_pos_ratio_);
  std::map<std::string, torch::Tensor> losses;
  losses["loss_cls"] = ce.masked_select(positive | negative).sum() / num_pos;
  auto smooth_l1 = [](const torch::Tensor& pred, const torch::Tensor& target) {
    return F::smooth_l1_loss(pred, target, F::SmoothL1LossFuncOptions().reduction(torch::kNone));
  };
  losses["loss_bbox"] = box_pred.empty() ? box.sum() * 0
                                         : loc_weight_ * smooth_l1(torch::cat(box_pred), torch::cat(box_target)).sum() / num_pos;
  if (num_landmarks_ > 0) {
    if (lm_pred.empty()) {
      losses["loss_landmark"] = landmark.sum() * 0;
    } else {
      auto pred = torch::cat(lm_pred);
      const auto with_landmarks = std::max<double>(static_cast<double>(pred.size(0)), 1.0);
      losses["loss_landmark"] =
          landmark_weight_ * (smooth_l1(pred, torch::cat(lm_target)) * torch::cat(lm_weight)).sum() / with_landmarks;
    }
  }
  return losses;
}

std::vector<Detections> MultiBoxHead::simple_test(const std::vector<torch::Tensor>& features,
                                                  const std::vector<ImageMeta>& metas, bool rescale) {
  const auto out = predict(features);
  const auto scores = torch::softmax(flatten_levels(out.cls, cls_channels()), -1).narrow(2, 1, num_classes_);
  const auto box = flatten_levels(out.box, 4);
  const auto landmark = num_landmarks_ > 0 ? flatten_levels(out.landmark, 2 * num_landmarks_) : torch::Tensor();
  const auto priors = priors_for(features, metas);
  std::vector<Detections> result;
  for (size_t i = 0; i < metas.size(); ++i) {
    const auto top = top_scores(scores[i], test_.score_thr, test_.nms_pre);
    const auto kept_priors = priors.index_select(0, top.points);
    auto boxes = decode_boxes(box[i].index_select(0, top.points), kept_priors, variances_);
    auto points = num_landmarks_ > 0 ? decode_points(landmark[i].index_select(0, top.points), kept_priors, variances_)
                                     : torch::empty({top.points.size(0), 0, 2}, boxes.options());
    if (rescale) boxes = metas[i].to_original(boxes), points = metas[i].points_to_original(points);
    auto candidates = torch::arange(boxes.size(0), top.points.options());
    if (test_.min_bbox_size > 0) candidates = core::larger_than(boxes, test_.min_bbox_size).nonzero().squeeze(1);
    auto keep = candidates.index_select(
        0, ops::batched_nms(boxes.index_select(0, candidates).contiguous(),
                            top.scores.index_select(0, candidates).contiguous(),
                            top.labels.index_select(0, candidates).contiguous(), test_.iou_threshold));
    if (test_.max_per_img > 0 && keep.size(0) > test_.max_per_img) keep = keep.narrow(0, 0, test_.max_per_img);
    result.push_back({boxes.index_select(0, keep), top.scores.index_select(0, keep), top.labels.index_select(0, keep),
                      torch::Tensor(), points.index_select(0, keep)});
  }
  return result;
}

namespace {

const SettingsRegistrar kTrainSettings("MultiBoxHead.train_cfg", MultiBoxHead::train_schema(),
                                       "RetinaFace's and FaceBoxes' train_cfg: prior matching and hard negative mining");

}  // namespace

}  // namespace mmdet4j::models
