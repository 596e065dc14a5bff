#include "models/dense_heads/fcos_head.h"

#include <algorithm>

#include "core/autocast.h"
#include "layers/scale.h"
#include "registry/registry.h"
#include "registry/settings.h"

namespace mmdet4j::models {

namespace {

// mmdetection's regress_ranges ((-1, 64), ..., (512, INF)) with INF = 1e8.
std::vector<std::pair<double, double>> read_regress_ranges(const Options& head, size_t levels) {
  const auto value = head.get_json("regress_ranges");
  const auto where = head.path_of("regress_ranges");
  TORCH_CHECK(value.is_array() && value.size() == levels, where, ": one (min, max) pair per level (", levels,
              " strides) expected, got ", value.dump());
  std::vector<std::pair<double, double>> ranges;
  for (const auto& pair : value) {
    TORCH_CHECK(pair.is_array() && pair.size() == 2 && pair[0].is_number() && pair[1].is_number(), where,
                ": each range must be a pair of numbers, got ", pair.dump());
    ranges.emplace_back(pair[0].get<double>(), pair[1].get<double>());
    TORCH_CHECK(ranges.back().first < ranges.back().second, where, ": empty range ", pair.dump());
  }
  return ranges;
}

}  // namespace

Schema FCOSHeadImpl::schema() {
  return Schema()
      .include(AnchorFreeHead::schema())
      .set_default("norm_cfg", {{"type", "GN"}, {"num_groups", 32}, {"requires_grad", true}})
      .optional("regress_ranges", ParamType::kAny, {{-1, 64}, {64, 128}, {128, 256}, {256, 512}, {512, 1e8}},
                "per level, the (min, max] of a positive point's largest distance to its box's sides")
      .optional("center_sampling", ParamType::kBool, false,
                "positives only within center_sample_radius strides of a box's centre")
      .optional("center_sample_radius", ParamType::kFloat, 1.5, "the centre region's half size, in strides")
      .optional("norm_on_bbox", ParamType::kBool, false, "regress distances in units of the level's stride")
      .optional("centerness_on_reg", ParamType::kBool, false, "centerness branch on the regression tower")
      .optional_component("loss_centerness", "loss",
                          {{"type", "CrossEntropyLoss"}, {"use_sigmoid", true}, {"loss_weight", 1.0}},
                          "loss of the centerness logits (sigmoid cross-entropy)");
}

const Schema& FCOSHeadImpl::train_schema() {
  static const Schema s = Schema()
      .optional("assigner", ParamType::kDict, nullptr, "not used (mmdetection's FCOS configs carry a MaxIoUAssigner)")
      .optional("sampler", ParamType::kDict, nullptr, "not used")
      .optional("allowed_border", ParamType::kInt, -1, "not used")
      .optional("pos_weight", ParamType::kFloat, -1.0, "not used")
      .optional("debug", ParamType::kBool, false, "not used");
  return s;
}

FCOSHeadImpl::FCOSHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : AnchorFreeHead(head, test_cfg),
      norm_on_bbox_(head.get_bool("norm_on_bbox")),
      centerness_on_reg_(head.get_bool("centerness_on_reg")),
      loss_centerness_(build_loss(head.section("loss_centerness"))) {
  register_module("loss_centerness", loss_centerness_);
  targets_.strides = strides();
  targets_.regress_ranges = read_regress_ranges(head, strides().size());
  targets_.center_sampling = head.get_bool("center_sampling");
  targets_.center_sample_radius = head.get_double("center_sample_radius");
  targets_.norm_on_bbox = norm_on_bbox_;
  targets_.background = num_classes();
  TORCH_CHECK(loss_centerness_->use_sigmoid(), head.path_of("loss_centerness"),
              ": centerness is one sigmoid logit: use CrossEntropyLoss with use_sigmoid=True");
  if (!train_cfg.to_json().empty()) {
    const auto train = train_cfg.with_schema(train_schema(), "train_cfg of " + head.path());
    const auto given = train.to_json();
    for (const auto& item : given.items()) train.mark_read(item.key());
  }

  conv_centerness_ = register_module(
      "conv_centerness", torch::nn::Conv2d(torch::nn::Conv2dOptions(feat_channels(), 1, 3).padding(1)));
  for (size_t l = 0; l < strides().size(); ++l) scales_->push_back(Scale(1.0));
  register_module("scales", scales_);
  init_weights();
}

FCOSHeadImpl::Outputs FCOSHeadImpl::forward(const std::vector<torch::Tensor>& features, bool for_test) {
  TORCH_CHECK(features.size() == strides().size(), "FCOSHead: ", features.size(), " feature levels but ",
              strides().size(), " strides");
  Outputs out;
  for (size_t l = 0; l < features.size(); ++l) {
    auto level = forward_level(features[l]);
    out.cls_scores.push_back(core::to_float32(level.cls_score));
    out.centernesses.push_back(
        core::to_float32(conv_centerness_(centerness_on_reg_ ? level.reg_feat : level.cls_feat)));
    auto distances = scales_[l]->as<Scale>()->forward(level.bbox_pred).to(torch::kFloat);
    if (norm_on_bbox_) {
      distances = distances.clamp_min(0);
      if (for_test) distances = distances * static_cast<double>(strides()[l]);
    } else {
      distances = distances.exp();
    }
    out.bbox_preds.push_back(distances);
  }
  return out;
}

std::map<std::string, torch::Tensor> FCOSHeadImpl::forward_train(const std::vector<torch::Tensor>& features,
                                                                 const std::vector<GroundTruth>& gts,
                                                                 const std::vector<ImageMeta>& metas) {
  TORCH_CHECK(gts.size() == metas.size() && static_cast<int64_t>(gts.size()) == features.at(0).size(0),
              "FCOSHead: ", features.at(0).size(0), " images but ", gts.size(), " ground truths and ", metas.size(),
              " metas");
  return loss(forward(features, false), gts);
}

std::vector<Detections> FCOSHeadImpl::simple_test(const std::vector<torch::Tensor>& features,
                                                  const std::vector<ImageMeta>& metas, bool rescale) {
  auto out = forward(features, true);
  return get_bboxes(out.cls_scores, out.bbox_preds, out.centernesses, metas, rescale);
}

std::map<std::string, torch::Tensor> FCOSHeadImpl::loss(const Outputs& o, const std::vector<GroundTruth>& gts) const {
  const auto points = points_of(o.cls_scores);
  const auto targets = fcos_targets(points, gts, targets_);
  const int64_t n = o.cls_scores[0].size(0), c = num_classes();
  std::vector<torch::Tensor> cls, reg, ctr, pts;
  for (size_t l = 0; l < points.size(); ++l) {
    cls.push_back(o.cls_scores[l].permute({0, 2, 3, 1}).reshape({-1, c}));
    reg.push_back(o.bbox_preds[l].permute({0, 2, 3, 1}).reshape({-1, 4}));
    ctr.push_back(o.centernesses[l].permute({0, 2, 3, 1}).reshape({-1}));
    pts.push_back(points[l].repeat({n, 1}));
  }
  auto flat_reg = torch::cat(reg), flat_ctr = torch::cat(ctr);
  auto pos = torch::nonzero((targets.labels >= 0) & (targets.labels < c)).reshape({-1});
  const double num_pos = std::max(static_cast<double>(pos.size(0)), 1.0);
  auto loss_cls = this->loss_cls()(torch::cat(cls), targets.labels, {}, num_pos);

  auto pos_reg = flat_reg.index_select(0, pos), pos_ctr = flat_ctr.index_select(0, pos);
  if (pos.size(0) == 0) {
    return {{"loss_cls", loss_cls}, {"loss_bbox", pos_reg.sum()}, {"loss_centerness", pos_ctr.sum()}};
  }
  auto pos_targets = targets.bbox_targets.index_select(0, pos);
  auto centerness = centerness_target(pos_targets);
  const double centerness_sum = std::max(centerness.sum().item<double>(), 1e-6);
  auto pos_points = torch::cat(pts).index_select(0, pos);
  auto loss_bbox = this->loss_bbox()(bbox_coder().decode(pos_points, pos_reg),
                                     bbox_coder().decode(pos_points, pos_targets), centerness, centerness_sum);
  auto loss_centerness = (*loss_centerness_)(pos_ctr, centerness, {}, num_pos);
  return {{"loss_cls", loss_cls}, {"loss_bbox", loss_bbox}, {"loss_centerness", loss_centerness}};
}

namespace {

const SettingsRegistrar kTrainSettings("FCOSHead.train_cfg", FCOSHeadImpl::train_schema(),
                                       "FCOS's train_cfg: accepted for mmdetection's configs, not used");

const Registrar<DenseHead, Options, Options> kFCOSHead(
    "head", "FCOSHead", FCOSHeadImpl::schema(),
    "FCOS's anchor-free head: per point sigmoid class scores, distances to the box sides and centerness",
    [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
      return std::make_shared<FCOSHeadImpl>(head, train_cfg, test_cfg);
    });

}  // namespace

}  // namespace mmdet4j::models
