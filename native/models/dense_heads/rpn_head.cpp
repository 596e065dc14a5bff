#include "models/dense_heads/rpn_head.h"

#include <nlohmann/json.hpp>

#include "models/dense_heads/anchor_targets.h"
#include "layers/conv_module.h"
#include "ops/nms.h"

namespace mmdet4j::models {

namespace {

// mmdetection's RPN training defaults (its configs' train_cfg.rpn), for callers that omit them.
const Json kDefaultAssigner = {{"type", "MaxIoUAssigner"}, {"pos_iou_thr", 0.7}, {"neg_iou_thr", 0.3},
                               {"min_pos_iou", 0.3}};
const Json kDefaultSampler = {{"type", "RandomSampler"}, {"num", 256}, {"pos_fraction", 0.5},
                              {"add_gt_as_proposals", false}};

}  // namespace

ProposalOptions ProposalOptions::from(const Options& o) {
  ProposalOptions p;
  p.nms_pre = o.get_int("nms_pre", p.nms_pre);
  p.max_per_img = o.get_int("max_per_img", p.max_per_img);
  p.iou_threshold = o.get_double("nms.iou_threshold", p.iou_threshold);
  p.min_bbox_size = o.get_double("min_bbox_size", p.min_bbox_size);
  return p;
}

RPNHeadImpl::RPNHeadImpl(const Options& head, const Options& train_cfg)
    : anchors_(core::build_anchor_generator(head.sub("anchor_generator"))),
      coder_(core::build_bbox_coder(head.sub_or("bbox_coder", {{"type", "DeltaXYWHBBoxCoder"}}))),
      pos_weight_(train_cfg.get_double("pos_weight", -1)),
      allowed_border_(train_cfg.get_int("allowed_border", -1)),
      reg_decoded_bbox_(head.get_bool("reg_decoded_bbox", false)),
      loss_cls_(build_loss(head.sub("loss_cls"))),
      loss_bbox_(build_loss(head.sub("loss_bbox"))) {
  TORCH_CHECK(loss_cls_->use_sigmoid(), head.path_of("loss_cls"), ": RPNHead needs a sigmoid loss (use_sigmoid=True)");
  if (!train_cfg.to_json().empty()) {
    assigner_ = core::build_assigner(train_cfg.sub_or("assigner", kDefaultAssigner));
    sampler_ = core::build_sampler(train_cfg.sub_or("sampler", kDefaultSampler));
  }
  const int64_t in = head.get_int("in_channels", 256);
  const int64_t feat = head.get_int("feat_channels", 256);
  const int64_t a = anchors_->num_base_anchors();
  rpn_conv = register_module("rpn_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, feat, 3).padding(1)));
  rpn_cls = register_module("rpn_cls", torch::nn::Conv2d(torch::nn::Conv2dOptions(feat, a, 1)));
  rpn_reg = register_module("rpn_reg", torch::nn::Conv2d(torch::nn::Conv2dOptions(feat, a * 4, 1)));
  init_normal(*this, 0.01);  // mmdetection v2's RPN init
}

std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> RPNHeadImpl::forward(
    const std::vector<torch::Tensor>& features) {
  TORCH_CHECK(static_cast<int64_t>(features.size()) == anchors_->num_levels(), "RPNHead: ", features.size(),
              " feature levels but the anchor generator has ", anchors_->num_levels(), " strides");
  std::vector<torch::Tensor> cls, reg;
  for (const auto& x : features) {
    auto h = torch::relu(rpn_conv(x));
    cls.push_back(rpn_cls(h));
    reg.push_back(rpn_reg(h));
  }
  return {cls, reg};
}

std::map<std::string, torch::Tensor> RPNHeadImpl::loss(const std::vector<torch::Tensor>& cls_scores,
                                                       const std::vector<torch::Tensor>& bbox_preds,
                                                       const std::vector<GroundTruth>& gts,
                                                       const std::vector<ImageMeta>& metas) const {
  const int64_t n = cls_scores[0].size(0);
  TORCH_CHECK(static_cast<int64_t>(gts.size()) == n && static_cast<int64_t>(metas.size()) == n,
              "RPNHead.loss: ", n, " images but ", gts.size(), " ground truths and ", metas.size(), " metas");
  TORCH_CHECK(assigner_ != nullptr, "RPNHead was built without a train_cfg: it cannot compute losses");
  auto [anchors, valid] = multi_level_anchors(*anchors_, cls_scores, metas);
  if (allowed_border_ >= 0) valid = inside_image(anchors, valid, metas, allowed_border_);
  AnchorTargetSettings settings;
  settings.background = 1;
  settings.use_gt_labels = false;
  settings.pos_weight = pos_weight_;
  settings.reg_decoded_bbox = reg_decoded_bbox_;
  settings.sampling = true;  // a cross-entropy objectness loss: mmdetection's AnchorHead samples
  auto t = anchor_targets(anchors, valid, gts, *assigner_, *sampler_, *coder_, settings);
  std::vector<torch::Tensor> flat_cls, flat_reg;
  for (size_t l = 0; l < cls_scores.size(); ++l) {
    flat_cls.push_back(cls_scores[l].permute({0, 2, 3, 1}).reshape({n, -1}));
    flat_reg.push_back(bbox_preds[l].permute({0, 2, 3, 1}).reshape({n, -1, 4}));
  }
  auto cls = torch::cat(flat_cls, 1).reshape({-1, 1});
  auto reg = torch::cat(flat_reg, 1).reshape({-1, 4});
  // IoU losses compare boxes: decode the deltas against their anchors first.
  if (reg_decoded_bbox_) reg = coder_->decode(anchors.repeat({n, 1}), reg);
  auto loss_cls = (*loss_cls_)(cls, t.labels, t.label_weights, t.avg_factor);
  auto loss_bbox = (*loss_bbox_)(reg, t.bbox_targets, t.bbox_weights, t.avg_factor);
  return {{"loss_rpn_cls", loss_cls}, {"loss_rpn_bbox", loss_bbox}};
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
    level_anchors.push_back(anchors_->grid_anchors(l, cls_scores[l].size(2), cls_scores[l].size(3), device));
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
      boxes.push_back(coder_->decode(a, d, metas[i].height, metas[i].width));
      scores.push_back(s);
      levels.push_back(torch::full({s.size(0)}, static_cast<int64_t>(l), torch::TensorOptions().dtype(torch::kLong).device(device)));
    }
    auto b = torch::cat(boxes), s = torch::cat(scores), ids = torch::cat(levels);
    if (cfg.min_bbox_size >= 0) {
      auto wh = b.narrow(1, 2, 2) - b.narrow(1, 0, 2);
      auto big = (wh.select(1, 0) > cfg.min_bbox_size) & (wh.select(1, 1) > cfg.min_bbox_size);
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

}  // namespace mmdet4j::models
