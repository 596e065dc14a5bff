#include "models/dense_heads/rpn_head.h"

#include "core/autocast.h"
#include "core/post_processing/multiclass_nms.h"
#include "core/post_processing/nms_config.h"
#include "layers/conv_module.h"
#include "ops/nms.h"
#include "registry/registry.h"
#include "registry/settings.h"

namespace mmdet4j::models {

const Schema& ProposalOptions::schema() {
  static const Schema s = Schema()
      .optional("nms_pre", ParamType::kInt, 1000, "top-scoring anchors kept per level before NMS")
      .optional("max_per_img", ParamType::kInt, 1000, "proposals kept per image after NMS")
      .optional_component("nms", "nms", {{"type", "nms"}, {"iou_threshold", 0.7}}, "NMS per level")
      .optional("min_bbox_size", ParamType::kFloat, 0.0, "proposals with a side below this are dropped")
      .optional("nms_across_levels", ParamType::kBool, false,
                "mmdetection v2.0's NMS over all levels at once; only False (NMS per level, as in v2.x)")
      .optional("max_num", ParamType::kInt, nullptr, "mmdetection v2.0's spelling of max_per_img")
      .optional("nms_post", ParamType::kInt, nullptr, "mmdetection v2.0's spelling of max_per_img")
      .optional("nms_thr", ParamType::kFloat, nullptr, "mmdetection v2.0's spelling of nms.iou_threshold");
  return s;
}

ProposalOptions ProposalOptions::from(const Options& given) {
  const auto o = given.checked_by(schema(), "proposal settings");
  TORCH_CHECK(!o.get_bool("nms_across_levels"), o.path_of("nms_across_levels"),
              ": only False is supported (NMS runs per level, as in mmdetection v2.x)");
  // mmdetection v2.x maps v2.0's spellings the same way (RPNHead._get_bboxes), asserting agreement.
  auto max_per_img = agree(o.has("max_per_img") ? optional_number(o, "max_per_img") : std::nullopt,
                           optional_number(o, "max_num"), o.path_of("max_per_img"), "max_num");
  max_per_img = agree(max_per_img, optional_number(o, "nms_post"), o.path_of("max_per_img"), "nms_post");
  const auto legacy_iou = optional_number(o, "nms_thr");
  const auto iou = o.has("nms") || !legacy_iou
                       ? agree(core::NmsConfig::from(o.section("nms")).iou_threshold, legacy_iou,
                               o.path_of("nms.iou_threshold"), "nms_thr")
                       : legacy_iou;
  ProposalOptions p{o.get_int("nms_pre"),
                    max_per_img ? static_cast<int64_t>(*max_per_img) : o.get_int("max_per_img"), *iou,
                    o.get_double("min_bbox_size")};
  TORCH_CHECK(p.nms_pre > 0, o.path_of("nms_pre"), ": must be positive, got ", p.nms_pre);
  TORCH_CHECK(p.max_per_img > 0, o.path_of("max_per_img"), ": must be positive, got ", p.max_per_img);
  return p;
}

Schema RPNHeadImpl::schema() {
  return Schema()
      .include(AnchorHead::base_schema())
      .optional("num_convs", ParamType::kInt, 1, "3x3 convs before the predictors (only 1 natively)");
}

RPNHeadImpl::RPNHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : AnchorHead(head, train_cfg, test_cfg, 1), test_proposals_(ProposalOptions::from(test_cfg)) {
  TORCH_CHECK(head.get_int("num_convs") == 1, head.path_of("num_convs"), ": only 1 is supported natively, got ",
              head.get_int("num_convs"));
  use_class_agnostic_targets();
  const int64_t in = in_channels(), feat = feat_channels(), a = num_anchors();
  rpn_conv = register_module("rpn_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, feat, 3).padding(1)));
  rpn_cls = register_module("rpn_cls", torch::nn::Conv2d(torch::nn::Conv2dOptions(feat, a, 1)));
  rpn_reg = register_module("rpn_reg", torch::nn::Conv2d(torch::nn::Conv2dOptions(feat, a * 4, 1)));
  init_normal(*this, 0.01);  // mmdetection v2's RPN init
}

std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> RPNHeadImpl::predict(
    const std::vector<torch::Tensor>& features) {
  TORCH_CHECK(static_cast<int64_t>(features.size()) == anchor_generator().num_levels(), "RPNHead: ",
              features.size(), " feature levels but the anchor generator has ", anchor_generator().num_levels(),
              " strides");
  std::vector<torch::Tensor> cls, reg;
  for (const auto& x : features) {
    auto h = rpn_conv(x).relu_();
    cls.push_back(rpn_cls(h));
    reg.push_back(rpn_reg(h));
  }
  return {core::to_float32(cls), core::to_float32(reg)};
}

std::map<std::string, torch::Tensor> RPNHeadImpl::forward_train(const std::vector<torch::Tensor>& features,
                                                                const std::vector<GroundTruth>& gts,
                                                                const std::vector<ImageMeta>& metas) {
  auto [cls, reg] = predict(features);
  return rpn_loss(cls, reg, gts, metas);
}

std::map<std::string, torch::Tensor> RPNHeadImpl::rpn_loss(const std::vector<torch::Tensor>& cls_scores,
                                                           const std::vector<torch::Tensor>& bbox_preds,
                                                           const std::vector<GroundTruth>& gts,
                                                           const std::vector<ImageMeta>& metas) const {
  auto losses = loss(cls_scores, bbox_preds, gts, metas);
  return {{"loss_rpn_cls", losses.at("loss_cls")}, {"loss_rpn_bbox", losses.at("loss_bbox")}};
}

std::vector<Detections> RPNHeadImpl::simple_test(const std::vector<torch::Tensor>& features,
                                                 const std::vector<ImageMeta>& metas, bool rescale) {
  auto [cls, reg] = predict(features);
  const auto proposals = get_proposals(cls, reg, metas, test_proposals_);
  std::vector<Detections> out;
  for (size_t i = 0; i < metas.size(); ++i) {
    const auto& p = proposals[i];
    const auto boxes = p.narrow(1, 0, 4);
    out.push_back({rescale ? metas[i].to_original(boxes) : boxes, p.select(1, 4),
                   torch::zeros({p.size(0)}, p.options().dtype(torch::kLong)), torch::Tensor()});
  }
  return out;
}

std::vector<torch::Tensor> RPNHeadImpl::get_proposals(const std::vector<torch::Tensor>& cls_scores,
                                                      const std::vector<torch::Tensor>& bbox_preds,
                                                      const std::vector<ImageMeta>& metas,
                                                      const ProposalOptions& cfg) const {
  torch::NoGradGuard no_grad;
  const int64_t n = cls_scores[0].size(0);
  const auto device = cls_scores[0].device();
  std::vector<torch::Tensor> level_anchors;  // the same for every image of the batch
  for (size_t l = 0; l < cls_scores.size(); ++l) {
    level_anchors.push_back(anchor_generator().grid_anchors(l, cls_scores[l].size(2), cls_scores[l].size(3), device));
  }
  std::vector<torch::Tensor> out;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<torch::Tensor> boxes, scores, levels;
    for (size_t l = 0; l < cls_scores.size(); ++l) {
      auto s = cls_scores[l][i].permute({1, 2, 0}).reshape({-1}).sigmoid();
      auto d = bbox_preds[l][i].permute({1, 2, 0}).reshape({-1, 4});
      auto a = level_anchors[l];
      if (cfg.nms_pre > 0 && s.size(0) > cfg.nms_pre) {
        auto top = std::get<1>(s.topk(cfg.nms_pre));
        s = s.index_select(0, top);
        d = d.index_select(0, top);
        a = a.index_select(0, top);
      }
      boxes.push_back(bbox_coder().decode(a, d, metas[i].height, metas[i].width));
      scores.push_back(s);
      levels.push_back(torch::full({s.size(0)}, static_cast<int64_t>(l), torch::TensorOptions().dtype(torch::kLong).device(device)));
    }
    auto b = torch::cat(boxes), s = torch::cat(scores), ids = torch::cat(levels);
    if (cfg.min_bbox_size >= 0) {
      auto big = core::larger_than(b, cfg.min_bbox_size);
      b = b.index({big});
      s = s.index({big});
      ids = ids.index({big});
    }
    // NMS within each level (mmdetection v2's batched_nms over level ids), best first.
    auto keep = ops::batched_nms(b.contiguous(), s.contiguous(), ids, cfg.iou_threshold);
    if (cfg.max_per_img > 0 && keep.size(0) > cfg.max_per_img) keep = keep.narrow(0, 0, cfg.max_per_img);
    out.push_back(torch::cat({b.index_select(0, keep), s.index_select(0, keep).unsqueeze(1)}, 1));
  }
  return out;
}

namespace {

const SettingsRegistrar kProposalSettings("RPNHead.proposal_cfg", ProposalOptions::schema(),
                                          "an RPN's proposal settings (test_cfg.rpn and train_cfg.rpn_proposal)");

const Registrar<DenseHead, Options, Options> kRPNHead(
    "head", "RPNHead", RPNHeadImpl::schema(),
    "region proposal network: a 3x3 conv, then per-anchor objectness and box deltas",
    [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
      return std::make_shared<RPNHeadImpl>(head, train_cfg, test_cfg);
    });

}  // namespace

}  // namespace mmdet4j::models
