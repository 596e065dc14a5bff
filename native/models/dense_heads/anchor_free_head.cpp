#include "models/dense_heads/anchor_free_head.h"

#include <cmath>

#include "core/anchor/point_generator.h"
#include "models/dense_heads/dense_test.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

// mmcv's conv_bias: 'auto' (a bias only without a norm, returned as unset) or a bool (in options
// files, where every value is text, "true" / "false").
std::optional<bool> read_conv_bias(const Options& head) {
  const auto value = head.get_json("conv_bias");
  if (value.is_boolean()) return value.get<bool>();
  const auto text = value.is_string() ? value.get<std::string>() : "";
  if (text == "true" || text == "True") return true;
  if (text == "false" || text == "False") return false;
  TORCH_CHECK(text == "auto", head.path_of("conv_bias"), ": 'auto', True or False expected, got ", value.dump());
  return std::nullopt;
}

}  // namespace

Schema AnchorFreeHead::schema() {
  return Schema()
      .required("num_classes", ParamType::kInt, "number of object classes, background excluded")
      .required("in_channels", ParamType::kInt, "channels of each input feature map")
      .optional("feat_channels", ParamType::kInt, 256, "channels of the towers' convs")
      .optional("stacked_convs", ParamType::kInt, 4, "3x3 ConvModules in each tower")
      .optional("strides", ParamType::kIntList, {4, 8, 16, 32, 64}, "stride of each input level")
      .optional("dcn_on_last_conv", ParamType::kBool, false, "the towers' last conv deformable (DCNv2)")
      .optional("conv_bias", ParamType::kAny, "auto", "bias of the towers' convs: 'auto' (only without a norm) or a bool")
      .optional_component("loss_cls", "loss",
                          {{"type", "FocalLoss"}, {"use_sigmoid", true}, {"gamma", 2.0}, {"alpha", 0.25},
                           {"loss_weight", 1.0}},
                          "classification loss (sigmoid: FocalLoss, GHMC or CrossEntropyLoss with use_sigmoid=True)")
      .optional_component("loss_bbox", "loss", {{"type", "IoULoss"}, {"loss_weight", 1.0}},
                          "box loss on the decoded boxes")
      .optional_component("bbox_coder", "bbox_coder", {{"type", "DistancePointBBoxCoder"}},
                          "boxes as distances from the points")
      .optional("conv_cfg", ParamType::kDict, nullptr, "the towers' convs: None (plain) or {type: DCN | DCNv2, deform_groups}")
      .optional("norm_cfg", ParamType::kDict, nullptr, "norm of the towers' convs: None, {type: GN, num_groups} or BN")
      .optional("train_cfg", ParamType::kDict, nullptr, "set by the detector from its train_cfg; must stay None")
      .optional("test_cfg", ParamType::kDict, nullptr, "set by the detector from its test_cfg; must stay None")
      .optional("init_cfg", ParamType::kDict, nullptr, "only None: the head uses mmdetection's default init");
}

AnchorFreeHead::AnchorFreeHead(const Options& head, const Options& test_cfg)
    : num_classes_(head.get_int("num_classes")),
      in_channels_(head.get_int("in_channels")),
      feat_channels_(head.get_int("feat_channels")),
      stacked_convs_(head.get_int("stacked_convs")),
      strides_(head.get_int_list("strides")),
      norm_(NormConfig::from(head, "norm_cfg")),
      conv_bias_(read_conv_bias(head)),
      coder_(core::build_bbox_coder(head.section("bbox_coder"))),
      loss_cls_(build_loss(head.section("loss_cls"))),
      loss_bbox_(build_loss(head.section("loss_bbox"))),
      test_(AnchorHead::TestSettings::from(test_cfg, head.path())) {
  register_module("loss_cls", loss_cls_);
  register_module("loss_bbox", loss_bbox_);
  TORCH_CHECK(num_classes_ > 0, head.path_of("num_classes"), ": must be positive, got ", num_classes_);
  TORCH_CHECK(in_channels_ > 0 && feat_channels_ > 0, head.path(), ": in_channels and feat_channels must be positive");
  TORCH_CHECK(stacked_convs_ >= 0, head.path_of("stacked_convs"), ": must be >= 0, got ", stacked_convs_);
  TORCH_CHECK(!strides_.empty(), head.path_of("strides"), ": needs one stride per level");
  for (auto s : strides_) TORCH_CHECK(s > 0, head.path_of("strides"), ": strides must be positive, got ", s);
  TORCH_CHECK(loss_cls_->use_sigmoid(), head.path_of("loss_cls"), ": ", head.get_string("type", "an anchor-free head"),
              " scores points with a sigmoid: use FocalLoss, GHMC or CrossEntropyLoss with use_sigmoid=True");
  TORCH_CHECK(loss_bbox_->compares_boxes(), head.path_of("loss_bbox"), ": ", loss_bbox_->type(),
              " compares deltas; an anchor-free head regresses decoded boxes: use IoULoss, GIoULoss, ...");
  head.require_none("train_cfg", "give it as the detector's train_cfg: mmdetection replaces the head's own with it");
  head.require_none("test_cfg", "give it as the detector's test_cfg: mmdetection replaces the head's own with it");
  head.require_none("init_cfg", "only None is supported natively (the head uses mmdetection's default init)");

  const auto conv_cfg = deform_conv_cfg(head, "conv_cfg");
  const bool dcn_on_last_conv = head.get_bool("dcn_on_last_conv");
  for (int64_t i = 0; i < stacked_convs_; ++i) {
    const int64_t in = i == 0 ? in_channels_ : feat_channels_;
    // mmdetection's dcn_on_last_conv: the last conv of each tower is a DCNv2.
    const auto deform = dcn_on_last_conv && i == stacked_convs_ - 1 ? DcnConfig{true, 1, false} : conv_cfg;
    cls_convs_->push_back(ConvModule(in, feat_channels_, 3, 1, true, norm_, conv_bias_, std::nullopt, deform));
    reg_convs_->push_back(ConvModule(in, feat_channels_, 3, 1, true, norm_, conv_bias_, std::nullopt, deform));
  }
  register_module("cls_convs", cls_convs_);
  register_module("reg_convs", reg_convs_);
  const int64_t last = stacked_convs_ > 0 ? feat_channels_ : in_channels_;
  conv_cls_ = register_module("conv_cls",
                              torch::nn::Conv2d(torch::nn::Conv2dOptions(last, num_classes_, 3).padding(1)));
  conv_reg_ = register_module("conv_reg", torch::nn::Conv2d(torch::nn::Conv2dOptions(last, 4, 3).padding(1)));
}

void AnchorFreeHead::init_weights() {
  init_normal(*this, 0.01);
  torch::NoGradGuard no_grad;
  conv_cls_->bias.fill_(-std::log((1 - 0.01) / 0.01));
}

AnchorFreeHead::LevelOutput AnchorFreeHead::forward_level(const torch::Tensor& x) {
  auto cls_feat = x, reg_feat = x;
  for (int64_t i = 0; i < stacked_convs_; ++i) {
    cls_feat = cls_convs_[i]->as<ConvModule>()->forward(cls_feat);
    reg_feat = reg_convs_[i]->as<ConvModule>()->forward(reg_feat);
  }
  return {conv_cls_(cls_feat), conv_reg_(reg_feat), cls_feat, reg_feat};
}

std::vector<torch::Tensor> AnchorFreeHead::points_of(const std::vector<torch::Tensor>& score_maps) const {
  TORCH_CHECK(score_maps.size() == strides_.size(), "anchor-free head: ", score_maps.size(),
              " feature levels but ", strides_.size(), " strides");
  std::vector<torch::Tensor> points;
  for (size_t l = 0; l < score_maps.size(); ++l) {
    points.push_back(core::grid_points(score_maps[l].size(2), score_maps[l].size(3), strides_[l],
                                       score_maps[l].options().dtype(torch::kFloat)));
  }
  return points;
}

std::vector<Detections> AnchorFreeHead::get_bboxes(const std::vector<torch::Tensor>& cls_scores,
                                                   const std::vector<torch::Tensor>& bbox_preds,
                                                   const std::vector<torch::Tensor>& score_factors,
                                                   const std::vector<ImageMeta>& metas, bool rescale) const {
  const auto points = points_of(cls_scores);
  const bool with_factors = !score_factors.empty();
  std::vector<Detections> out;
  for (int64_t i = 0; i < cls_scores[0].size(0); ++i) {
    std::vector<torch::Tensor> boxes, scores, labels;
    for (size_t l = 0; l < cls_scores.size(); ++l) {
      auto top = top_scores(cls_scores[l][i].permute({1, 2, 0}).reshape({-1, num_classes_}).sigmoid(),
                            test_.score_thr, test_.nms_pre);
      auto level_scores = top.scores;
      if (with_factors) {
        level_scores = level_scores * score_factors[l][i].reshape({-1}).sigmoid().index_select(0, top.points);
      }
      auto d = bbox_preds[l][i].permute({1, 2, 0}).reshape({-1, 4}).index_select(0, top.points);
      boxes.push_back(coder_->decode(points[l].index_select(0, top.points), d, metas[i].height, metas[i].width));
      scores.push_back(level_scores);
      labels.push_back(top.labels);
    }
    out.push_back(finish_detections(torch::cat(boxes), torch::cat(scores), torch::cat(labels), metas[i], rescale,
                                    test_));
  }
  return out;
}

}  // namespace mmdet4j::models
