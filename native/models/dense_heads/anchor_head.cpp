#include "models/dense_heads/anchor_head.h"

#include "core/post_processing/multiclass_nms.h"
#include "core/post_processing/nms_config.h"
#include "models/dense_heads/anchor_targets.h"
#include "registry/settings.h"

namespace mmdet4j::models {

Schema AnchorHead::schema() {
  return Schema()
      .required("num_classes", ParamType::kInt, "number of object classes, background excluded")
      .include(base_schema());
}

Schema AnchorHead::base_schema() {
  return Schema()
      .required("in_channels", ParamType::kInt, "channels of each input feature map")
      .optional("feat_channels", ParamType::kInt, 256, "channels of the head's hidden convs")
      .include(anchor_schema())
      .optional_component("loss_cls", "loss",
                          {{"type", "CrossEntropyLoss"}, {"use_sigmoid", true}, {"loss_weight", 1.0}},
                          "classification loss (sigmoid: CrossEntropyLoss(use_sigmoid=True), FocalLoss or GHMC)")
      .optional_component("loss_bbox", "loss", {{"type", "SmoothL1Loss"}, {"beta", 1.0 / 9.0}, {"loss_weight", 1.0}},
                          "box regression loss")
      .optional("init_cfg", ParamType::kDict, nullptr, "only None: the head uses mmdetection's default init");
}

Schema AnchorHead::anchor_schema() {
  return Schema()
      .optional_component("anchor_generator", "anchor_generator",
                          {{"type", "AnchorGenerator"}, {"scales", {8, 16, 32}}, {"ratios", {0.5, 1.0, 2.0}},
                           {"strides", {4, 8, 16, 32, 64}}},
                          "anchors per feature-map cell and level")
      .optional_component("bbox_coder", "bbox_coder",
                          {{"type", "DeltaXYWHBBoxCoder"}, {"clip_border", true},
                           {"target_means", {0.0, 0.0, 0.0, 0.0}}, {"target_stds", {1.0, 1.0, 1.0, 1.0}}},
                          "encodes box targets as deltas from the anchors")
      .optional("reg_decoded_bbox", ParamType::kBool, false,
                "regress decoded boxes (for IoU losses) instead of deltas")
      .optional("train_cfg", ParamType::kDict, nullptr, "set by the detector from its train_cfg; must stay None")
      .optional("test_cfg", ParamType::kDict, nullptr, "set by the detector from its test_cfg; must stay None");
}

const Schema& AnchorHead::train_schema() {
  static const Schema s = Schema()
      .component("assigner", "assigner", "assigns anchors to ground truths (MaxIoUAssigner)")
      .optional_component("sampler", "sampler", {{"type", "PseudoSampler"}},
                          "samples the assigned anchors (not used with a focal loss)")
      .optional("allowed_border", ParamType::kInt, -1,
                "anchors beyond this many pixels outside the image take no part (-1: no limit)")
      .optional("pos_weight", ParamType::kFloat, -1.0, "weight of positive anchors (<= 0: 1)")
      .optional("debug", ParamType::kBool, false, "only False");
  return s;
}

const Schema& AnchorHead::test_schema() {
  static const Schema s = Schema()
      .optional("nms_pre", ParamType::kInt, 1000, "top-scoring anchors kept per level before NMS (<= 0: all)")
      .optional("min_bbox_size", ParamType::kFloat, 0.0, "boxes with a side below this are dropped")
      .optional("score_thr", ParamType::kFloat, 0.05, "detections scoring below this are dropped")
      .optional_component("nms", "nms", {{"type", "nms"}, {"iou_threshold", 0.5}}, "NMS per class")
      .optional("max_per_img", ParamType::kInt, 100, "detections kept per image");
  return s;
}

AnchorHead::TestSettings AnchorHead::TestSettings::from(const Options& test_cfg, const std::string& owner) {
  const auto test = test_cfg.with_schema(test_schema(), "test_cfg of " + owner);
  return {test.get_int("nms_pre"), test.get_double("min_bbox_size"), test.get_double("score_thr"),
          core::NmsConfig::from(test.section("nms")).iou_threshold, test.get_int("max_per_img")};
}

namespace {

// mmdetection replaces a head's own train_cfg / test_cfg with the detector's.
void refuse_own_settings(const Options& head) {
  head.require_none("train_cfg", "give it as the detector's train_cfg: mmdetection replaces the head's own with it");
  head.require_none("test_cfg", "give it as the detector's test_cfg: mmdetection replaces the head's own with it");
}

}  // namespace

AnchorHead::AnchorHead(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : AnchorHead(head, train_cfg, test_cfg, head.get_int("num_classes"), true) {}

AnchorHead::AnchorHead(const Options& head, const Options& train_cfg, const Options& test_cfg, int64_t num_classes)
    : AnchorHead(head, train_cfg, test_cfg, num_classes, false) {}

AnchorHead::AnchorHead(const Options& head, const Options& train_cfg_given, const Options& test_cfg_given,
                       int64_t num_classes, bool reads_test_cfg)
    : num_classes_(num_classes),
      in_channels_(head.get_int("in_channels")),
      feat_channels_(head.get_int("feat_channels")),
      reg_decoded_bbox_(head.get_bool("reg_decoded_bbox")),
      anchors_(core::build_anchor_generator(head.section("anchor_generator"))),
      coder_(core::build_bbox_coder(head.section("bbox_coder"))),
      loss_cls_(build_loss(head.section("loss_cls"))),
      loss_bbox_(build_loss(head.section("loss_bbox"))),
      sampling_(!loss_cls_->balances_examples()) {
  register_module("loss_cls", loss_cls_);
  register_module("loss_bbox", loss_bbox_);
  TORCH_CHECK(num_classes_ > 0, head.path_of("num_classes"), ": must be positive, got ", num_classes_);
  TORCH_CHECK(in_channels_ > 0 && feat_channels_ > 0, head.path(), ": in_channels and feat_channels must be positive");
  TORCH_CHECK(loss_cls_->use_sigmoid(), head.path_of("loss_cls"), ": ", head.get_string("type", "an anchor head"),
              " scores anchors with a sigmoid: use FocalLoss, GHMC or CrossEntropyLoss with use_sigmoid=True");
  TORCH_CHECK(!loss_bbox_->compares_boxes() || reg_decoded_bbox_, head.path_of("reg_decoded_bbox"), ": ",
              loss_bbox_->type(), " needs reg_decoded_bbox=True");
  refuse_own_settings(head);
  head.require_none("init_cfg", "only None is supported natively (the head uses mmdetection's default init)");

  if (reads_test_cfg) {
    test_ = TestSettings::from(test_cfg_given, head.path());
  }

  if (train_cfg_given.to_json().empty()) return;  // built for testing only
  const auto train = train_cfg_given.with_schema(train_schema(), "train_cfg of " + head.path());
  TORCH_CHECK(!train.get_bool("debug"), train.path_of("debug"), ": only False is supported");
  const auto sampler = train.section("sampler");
  const auto sampler_type = sampler.get_string("type", "PseudoSampler");
  // mmdetection ignores train_cfg.sampler when the loss needs no sampling; a sampler given there
  // would silently do nothing, so it is refused.
  TORCH_CHECK(sampling_ || sampler_type == "PseudoSampler", sampler.path_of("type"), ": a head trained with ",
              loss_cls_->type(), " uses every anchor (PseudoSampler); remove the sampler or use another loss");
  TORCH_CHECK(!sampling_ || sampler_type != "PseudoSampler", sampler.path(), ": a head trained with ",
              loss_cls_->type(), " samples anchors: give a sampler such as RandomSampler");
  train_with(core::build_assigner(train.section("assigner")), core::build_sampler(sampler),
             train.get_int("allowed_border"), train.get_double("pos_weight"));
}

AnchorHead::AnchorHead(const Options& head, const Options& test_cfg, int64_t num_classes, SoftmaxWithOwnLosses)
    : num_classes_(num_classes),
      reg_decoded_bbox_(head.get_bool("reg_decoded_bbox")),
      use_sigmoid_cls_(false),
      anchors_(core::build_anchor_generator(head.section("anchor_generator"))),
      coder_(core::build_bbox_coder(head.section("bbox_coder"))) {
  TORCH_CHECK(num_classes_ > 0, head.path_of("num_classes"), ": must be positive, got ", num_classes_);
  refuse_own_settings(head);
  test_ = TestSettings::from(test_cfg, head.path());
}

void AnchorHead::train_with(std::shared_ptr<core::Assigner> assigner, std::shared_ptr<core::Sampler> sampler,
                            int64_t allowed_border, double pos_weight) {
  assigner_ = std::move(assigner);
  sampler_ = std::move(sampler);
  allowed_border_ = allowed_border;
  pos_weight_ = pos_weight;
}

std::vector<int64_t> AnchorHead::expected_channels() const {
  return in_channels_ > 0 ? std::vector<int64_t>{in_channels_} : std::vector<int64_t>{};
}

std::map<std::string, torch::Tensor> AnchorHead::forward_train(const std::vector<torch::Tensor>& features,
                                                               const std::vector<GroundTruth>& gts,
                                                               const std::vector<ImageMeta>& metas) {
  auto [cls, reg] = predict(features);
  return loss(cls, reg, gts, metas);
}

std::vector<Detections> AnchorHead::simple_test(const std::vector<torch::Tensor>& features,
                                                const std::vector<ImageMeta>& metas, bool rescale) {
  auto [cls, reg] = predict(features);
  return get_bboxes(cls, reg, metas, rescale);
}

std::map<std::string, torch::Tensor> AnchorHead::loss(const std::vector<torch::Tensor>& cls_scores,
                                                      const std::vector<torch::Tensor>& bbox_preds,
                                                      const std::vector<GroundTruth>& gts,
                                                      const std::vector<ImageMeta>& metas) const {
  TORCH_CHECK(assigner_ != nullptr, "this head was built without a train_cfg: it cannot compute losses");
  TORCH_CHECK(static_cast<int64_t>(cls_scores.size()) == anchors_->num_levels(), "anchor head: ", cls_scores.size(),
              " feature levels but the anchor generator has ", anchors_->num_levels(), " strides");
  const int64_t n = cls_scores[0].size(0);
  TORCH_CHECK(static_cast<int64_t>(gts.size()) == n && static_cast<int64_t>(metas.size()) == n, "anchor head: ", n,
              " images but ", gts.size(), " ground truths and ", metas.size(), " metas");
  auto [anchors, valid] = multi_level_anchors(*anchors_, cls_scores, metas);
  if (allowed_border_ >= 0) valid = inside_image(anchors, valid, metas, allowed_border_);
  AnchorTargetSettings settings;
  settings.background = num_classes_;
  settings.use_gt_labels = use_gt_labels_;
  settings.reg_decoded_bbox = reg_decoded_bbox_;
  settings.pos_weight = pos_weight_;
  settings.sampling = sampling_;
  auto t = anchor_targets(anchors, valid, gts, *assigner_, *sampler_, *coder_, settings);
  std::vector<torch::Tensor> flat_cls, flat_reg;
  for (size_t l = 0; l < cls_scores.size(); ++l) {
    flat_cls.push_back(cls_scores[l].permute({0, 2, 3, 1}).reshape({n, -1, cls_out_channels()}));
    flat_reg.push_back(bbox_preds[l].permute({0, 2, 3, 1}).reshape({n, -1, 4}));
  }
  return losses(torch::cat(flat_cls, 1), torch::cat(flat_reg, 1), anchors, t);
}

std::map<std::string, torch::Tensor> AnchorHead::losses(const torch::Tensor& cls, const torch::Tensor& reg,
                                                        const torch::Tensor& anchors, const AnchorTargets& t) const {
  auto loss_cls = (*loss_cls_)(cls.reshape({-1, num_classes_}), t.labels, t.label_weights, t.avg_factor);
  auto pred = reg.reshape({-1, 4});
  if (reg_decoded_bbox_) pred = coder_->decode(anchors.repeat({reg.size(0), 1}), pred);
  auto loss_bbox = (*loss_bbox_)(pred, t.bbox_targets, t.bbox_weights, t.avg_factor);
  return {{"loss_cls", loss_cls}, {"loss_bbox", loss_bbox}};
}

std::vector<Detections> AnchorHead::get_bboxes(const std::vector<torch::Tensor>& cls_scores,
                                               const std::vector<torch::Tensor>& bbox_preds,
                                               const std::vector<ImageMeta>& metas, bool rescale) const {
  TORCH_CHECK(static_cast<int64_t>(cls_scores.size()) == anchors_->num_levels(), "anchor head: ", cls_scores.size(),
              " feature levels but the anchor generator has ", anchors_->num_levels(), " strides");
  const int64_t n = cls_scores[0].size(0);
  const auto device = cls_scores[0].device();
  std::vector<torch::Tensor> level_anchors;  // the same for every image of the batch
  for (size_t l = 0; l < cls_scores.size(); ++l) {
    level_anchors.push_back(anchors_->grid_anchors(l, cls_scores[l].size(2), cls_scores[l].size(3), device));
  }
  std::vector<Detections> out;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<torch::Tensor> boxes, scores;
    for (size_t l = 0; l < cls_scores.size(); ++l) {
      auto logits = cls_scores[l][i].permute({1, 2, 0}).reshape({-1, cls_out_channels()});
      // Softmax heads drop the background column after normalising over it (mmdetection).
      auto s = use_sigmoid_cls_ ? logits.sigmoid() : logits.softmax(1).narrow(1, 0, num_classes_);
      auto d = bbox_preds[l][i].permute({1, 2, 0}).reshape({-1, 4});
      auto a = level_anchors[l];
      if (test_.nms_pre > 0 && test_.nms_pre < s.size(0)) {
        auto top = std::get<1>(std::get<0>(s.max(1)).topk(test_.nms_pre));
        s = s.index_select(0, top);
        d = d.index_select(0, top);
        a = a.index_select(0, top);
      }
      boxes.push_back(coder_->decode(a, d, metas[i].height, metas[i].width));
      scores.push_back(s);
    }
    auto b = torch::cat(boxes);
    if (rescale) b = metas[i].to_original(b);
    auto kept = core::multiclass_nms(b, torch::cat(scores), test_.score_thr, test_.iou_threshold, test_.max_per_img,
                                     test_.min_bbox_size);
    out.push_back({kept.boxes, kept.scores, kept.labels, torch::Tensor()});
  }
  return out;
}

namespace {

const SettingsRegistrar kTrainSettings("AnchorHead.train_cfg", AnchorHead::train_schema(),
                                       "an anchor head's training settings (a detector's train_cfg or train_cfg.rpn)");
const SettingsRegistrar kTestSettings("AnchorHead.test_cfg", AnchorHead::test_schema(),
                                      "a single-stage detector's test_cfg");

}  // namespace

}  // namespace mmdet4j::models
