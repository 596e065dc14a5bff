#include "models/dense_heads/retina_head.h"

#include <cmath>

#include "models/dense_heads/anchor_targets.h"
#include "models/necks/fpn.h"
#include "core/post_processing/multiclass_nms.h"

namespace mmdet4j::models {

namespace {

core::SamplerOptions pseudo_sampler() {
  core::SamplerOptions s;
  s.type = "PseudoSampler";
  return s;
}

}  // namespace

TestOptions TestOptions::from(const Options& o) {
  TestOptions t;
  t.nms_pre = o.get_int("nms_pre", t.nms_pre);
  t.min_bbox_size = o.get_double("min_bbox_size", t.min_bbox_size);
  t.score_thr = o.get_double("score_thr", t.score_thr);
  t.iou_threshold = o.get_double("nms.iou_threshold", o.get_double("nms.iou_thr", t.iou_threshold));
  t.max_per_img = o.get_int("max_per_img", t.max_per_img);
  return t;
}

RetinaHeadImpl::RetinaHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : num_classes_(head.get_int("num_classes", 80)),
      stacked_convs_(head.get_int("stacked_convs", 4)),
      reg_decoded_bbox_(head.get_bool("reg_decoded_bbox", false)),
      anchors_(core::AnchorGeneratorOptions::from(head.sub("anchor_generator"))),
      coder_(core::DeltaXYWHCoderOptions::from(head.sub("bbox_coder"))),
      assigner_(core::MaxIoUAssignerOptions::from(train_cfg.sub("assigner"))),
      sampler_(pseudo_sampler()),
      pos_weight_(train_cfg.get_double("pos_weight", -1)),
      test_(TestOptions::from(test_cfg)),
      loss_cls_(LossOptions::from(head.sub("loss_cls"))),
      loss_bbox_(LossOptions::from(head.sub("loss_bbox"))) {
  TORCH_CHECK(num_classes_ > 0, "RetinaHead: num_classes must be positive");
  const int64_t in = head.get_int("in_channels", 256);
  const int64_t feat = head.get_int("feat_channels", 256);
  const int64_t a = anchors_.num_base_anchors();
  for (int64_t i = 0; i < stacked_convs_; ++i) {
    cls_convs_->push_back(ConvModule(i == 0 ? in : feat, feat, 3, 1, true));
    reg_convs_->push_back(ConvModule(i == 0 ? in : feat, feat, 3, 1, true));
  }
  register_module("cls_convs", cls_convs_);
  register_module("reg_convs", reg_convs_);
  retina_cls = register_module("retina_cls", torch::nn::Conv2d(torch::nn::Conv2dOptions(feat, a * num_classes_, 3).padding(1)));
  retina_reg = register_module("retina_reg", torch::nn::Conv2d(torch::nn::Conv2dOptions(feat, a * 4, 3).padding(1)));
  // Normal(0, 0.01) weights; the classifier bias starts at the prior probability 0.01 (RetinaNet §4.1).
  init_normal(*this, 0.01);
  torch::NoGradGuard no_grad;
  retina_cls->bias.fill_(-std::log((1 - 0.01) / 0.01));
}

std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> RetinaHeadImpl::forward(
    const std::vector<torch::Tensor>& features) {
  TORCH_CHECK(static_cast<int64_t>(features.size()) == anchors_.num_levels(), "RetinaHead: ", features.size(),
              " feature levels but the anchor generator has ", anchors_.num_levels(), " strides");
  std::vector<torch::Tensor> cls, reg;
  for (const auto& x : features) {
    auto c = x, r = x;
    for (int64_t i = 0; i < stacked_convs_; ++i) {
      c = cls_convs_[i]->as<ConvModule>()->forward(c);
      r = reg_convs_[i]->as<ConvModule>()->forward(r);
    }
    cls.push_back(retina_cls(c));
    reg.push_back(retina_reg(r));
  }
  return {cls, reg};
}

std::map<std::string, torch::Tensor> RetinaHeadImpl::loss(const std::vector<torch::Tensor>& cls_scores,
                                                          const std::vector<torch::Tensor>& bbox_preds,
                                                          const std::vector<GroundTruth>& gts,
                                                          const std::vector<ImageMeta>& metas) const {
  const int64_t n = cls_scores[0].size(0);
  TORCH_CHECK(static_cast<int64_t>(gts.size()) == n && static_cast<int64_t>(metas.size()) == n,
              "RetinaHead.loss: ", n, " images but ", gts.size(), " ground truths and ", metas.size(), " metas");
  auto [anchors, valid] = multi_level_anchors(anchors_, cls_scores, metas);
  AnchorTargetSettings settings;
  settings.background = num_classes_;
  settings.reg_decoded_bbox = reg_decoded_bbox_;
  settings.pos_weight = pos_weight_;
  // Focal loss needs no sampling (PseudoSampler): losses are averaged over the positives.
  auto t = anchor_targets(anchors, valid, gts, assigner_, sampler_, coder_, settings);
  std::vector<torch::Tensor> flat_cls, flat_reg;
  for (size_t l = 0; l < cls_scores.size(); ++l) {
    flat_cls.push_back(cls_scores[l].permute({0, 2, 3, 1}).reshape({n, -1, num_classes_}));
    flat_reg.push_back(bbox_preds[l].permute({0, 2, 3, 1}).reshape({n, -1, 4}));
  }
  auto cls = torch::cat(flat_cls, 1), reg = torch::cat(flat_reg, 1);
  auto loss_cls = loss_cls_(cls.reshape({-1, num_classes_}), t.labels, t.label_weights, t.avg_factor);
  auto pred = reg.reshape({-1, 4});
  if (reg_decoded_bbox_) pred = coder_.decode(anchors.repeat({n, 1}), pred);
  auto loss_bbox = loss_bbox_(pred, t.bbox_targets, t.bbox_weights, t.avg_factor);
  return {{"loss_cls", loss_cls}, {"loss_bbox", loss_bbox}};
}

std::vector<Detections> RetinaHeadImpl::get_bboxes(const std::vector<torch::Tensor>& cls_scores,
                                                   const std::vector<torch::Tensor>& bbox_preds,
                                                   const std::vector<ImageMeta>& metas, bool rescale) const {
  const int64_t n = cls_scores[0].size(0);
  const auto device = cls_scores[0].device();
  std::vector<torch::Tensor> level_anchors;  // the same for every image of the batch
  for (size_t l = 0; l < cls_scores.size(); ++l) {
    level_anchors.push_back(anchors_.grid_anchors(l, cls_scores[l].size(2), cls_scores[l].size(3), device));
  }
  std::vector<Detections> out;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<torch::Tensor> boxes, scores;
    for (size_t l = 0; l < cls_scores.size(); ++l) {
      auto s = cls_scores[l][i].permute({1, 2, 0}).reshape({-1, num_classes_}).sigmoid();
      auto d = bbox_preds[l][i].permute({1, 2, 0}).reshape({-1, 4});
      auto a = level_anchors[l];
      if (test_.nms_pre > 0 && test_.nms_pre < s.size(0)) {
        auto top = std::get<1>(std::get<0>(s.max(1)).topk(test_.nms_pre));
        s = s.index_select(0, top);
        d = d.index_select(0, top);
        a = a.index_select(0, top);
      }
      boxes.push_back(coder_.decode(a, d, metas[i].height, metas[i].width));
      scores.push_back(s);
    }
    auto b = torch::cat(boxes);
    if (rescale) {
      const auto& f = metas[i].scale_factor;
      b = b / torch::tensor({f[0], f[1], f[2], f[3]}, b.options());
    }
    auto kept = core::multiclass_nms(b, torch::cat(scores), test_.score_thr, test_.iou_threshold, test_.max_per_img,
                                     test_.min_bbox_size);
    out.push_back({kept.boxes, kept.scores, kept.labels});
  }
  return out;
}

}  // namespace mmdet4j::models
