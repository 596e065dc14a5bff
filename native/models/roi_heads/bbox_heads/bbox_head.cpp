#include "models/roi_heads/bbox_heads/bbox_head.h"

#include "registry/registry.h"

namespace mmdet4j::models {

Schema BBoxHead::schema() {
  return Schema()
      .optional("with_avg_pool", ParamType::kBool, false, "only False: average-pool the RoI features first")
      .optional("roi_feat_size", ParamType::kInt, 7, "side of the pooled RoI features (the extractor's output_size)")
      .optional("in_channels", ParamType::kInt, 256, "channels of the pooled RoI features")
      .optional("num_classes", ParamType::kInt, 80, "number of object classes, background excluded")
      .optional_component("bbox_coder", "bbox_coder",
                          {{"type", "DeltaXYWHBBoxCoder"}, {"clip_border", true},
                           {"target_means", {0.0, 0.0, 0.0, 0.0}}, {"target_stds", {0.1, 0.1, 0.2, 0.2}}},
                          "encodes box targets as deltas from the RoIs")
      .optional("reg_class_agnostic", ParamType::kBool, false, "one box per RoI instead of one per class")
      .optional("reg_decoded_bbox", ParamType::kBool, false,
                "regress decoded boxes (for IoU losses) instead of deltas")
      .optional_component("loss_cls", "loss",
                          {{"type", "CrossEntropyLoss"}, {"use_sigmoid", false}, {"loss_weight", 1.0}},
                          "classification loss over the classes and background: a softmax CrossEntropyLoss, or "
                          "ArcLoss with a NormedLinear classifier")
      .optional("cls_predictor_cfg", ParamType::kDict, {{"type", "Linear"}},
                "the classifier: {type: Linear} or a cosine classifier {type: NormedLinear, tempearture: 20}")
      .optional_component("loss_bbox", "loss", {{"type", "SmoothL1Loss"}, {"beta", 1.0}, {"loss_weight", 1.0}},
                          "box regression loss")
      .optional("init_cfg", ParamType::kDict, nullptr, "only None: the head uses mmdetection's default init");
}

BBoxHead::BBoxHead(const Options& o)
    : num_classes_(o.get_int("num_classes")),
      in_channels_(o.get_int("in_channels")),
      roi_feat_size_(o.get_int("roi_feat_size")),
      reg_class_agnostic_(o.get_bool("reg_class_agnostic")),
      reg_decoded_bbox_(o.get_bool("reg_decoded_bbox")),
      coder_(core::build_bbox_coder(o.section("bbox_coder"))),
      loss_cls_(build_loss(o.section("loss_cls"))),
      loss_bbox_(build_loss(o.section("loss_bbox"))),
      classifier_(ClassifierConfig::from(o, "cls_predictor_cfg")) {
  register_module("loss_cls", loss_cls_);
  register_module("loss_bbox", loss_bbox_);
  for (const char* key : {"num_classes", "in_channels", "roi_feat_size"}) {
    TORCH_CHECK(o.get_int(key) > 0, o.path_of(key), ": must be positive, got ", o.get_int(key));
  }
  TORCH_CHECK(!o.get_bool("with_avg_pool"), o.path_of("with_avg_pool"), ": only False is supported natively");
  TORCH_CHECK(o.is_null("init_cfg"), o.path_of("init_cfg"),
              ": only None is supported natively (the head uses mmdetection's default init)");
  const auto arc_scale = loss_cls_->cosine_scale();
  TORCH_CHECK(!loss_cls_->use_sigmoid() && (loss_cls_->type() == "CrossEntropyLoss" || arc_scale),
              o.path_of("loss_cls"),
              ": the RoI box head needs a softmax CrossEntropyLoss (use_sigmoid=False) or ArcLoss, got ",
              loss_cls_->type());
  if (arc_scale) {
    TORCH_CHECK(classifier_.normed && !classifier_.bias && classifier_.power == 1 &&
                    classifier_.temperature == *arc_scale,
                o.path_of("cls_predictor_cfg"), ": ", loss_cls_->type(), " with scale ", *arc_scale,
                " needs logits scale * cos(theta): cls_predictor_cfg=dict(type='NormedLinear', tempearture=",
                *arc_scale, ", bias=False)");
  }
  TORCH_CHECK(!loss_bbox_->compares_boxes() || reg_decoded_bbox_, o.path_of("reg_decoded_bbox"), ": ",
              loss_bbox_->type(), " needs reg_decoded_bbox=True");
}

RoITargets BBoxHead::get_targets(const std::vector<core::SamplingResult>& samples, double pos_weight) const {
  std::vector<torch::Tensor> labels, label_weights, bbox_targets, bbox_weights;
  for (const auto& s : samples) {
    const int64_t p = s.pos_boxes.size(0), q = s.neg_boxes.size(0);
    auto opts = s.pos_boxes.options();
    auto lab = torch::full({p + q}, num_classes_, torch::TensorOptions().dtype(torch::kLong).device(opts.device()));
    auto lw = torch::zeros({p + q}, opts);
    auto bt = torch::zeros({p + q, 4}, opts);
    auto bw = torch::zeros({p + q, 4}, opts);
    if (p > 0) {
      lab.narrow(0, 0, p).copy_(s.pos_gt_labels);
      lw.narrow(0, 0, p).fill_(pos_weight <= 0 ? 1.0 : pos_weight);
      bt.narrow(0, 0, p).copy_(reg_decoded_bbox_ ? s.pos_gt_boxes : coder_->encode(s.pos_boxes, s.pos_gt_boxes));
      bw.narrow(0, 0, p).fill_(1.0);
    }
    if (q > 0) lw.narrow(0, p, q).fill_(1.0);
    labels.push_back(lab);
    label_weights.push_back(lw);
    bbox_targets.push_back(bt);
    bbox_weights.push_back(bw);
  }
  return {torch::cat(labels), torch::cat(label_weights), torch::cat(bbox_targets), torch::cat(bbox_weights)};
}

std::map<std::string, torch::Tensor> BBoxHead::loss(const torch::Tensor& cls_score, const torch::Tensor& bbox_pred,
                                                    const torch::Tensor& rois, const RoITargets& t) const {
  std::map<std::string, torch::Tensor> losses;
  const int64_t r = cls_score.size(0);
  if (r == 0) {  // no RoI at all: zero losses that keep the graph (and the logged keys) intact
    losses["loss_cls"] = cls_score.sum();
    losses["loss_bbox"] = bbox_pred.sum();
    losses["acc"] = torch::zeros({}, cls_score.options());
    return losses;
  }
  const double avg = std::max((t.label_weights > 0).sum().item<double>(), 1.0);
  losses["loss_cls"] = (*loss_cls_)(cls_score, t.labels, t.label_weights, avg);
  // mmdetection logs the top-1 classification accuracy (percent) of the sampled RoIs as "acc".
  losses["acc"] = (cls_score.detach().argmax(1) == t.labels).to(torch::kFloat).mean() * 100;
  auto pos = torch::nonzero((t.labels >= 0) & (t.labels < num_classes_)).squeeze(1);
  if (pos.numel() == 0) {
    losses["loss_bbox"] = bbox_pred.sum() * 0;
    return losses;
  }
  auto pred = bbox_pred;
  if (reg_decoded_bbox_) {
    auto boxes = rois.narrow(1, 1, 4);
    const int64_t k = pred.size(1) / 4;
    pred = coder_->decode(boxes.unsqueeze(1).expand({r, k, 4}).reshape({-1, 4}), pred.reshape({-1, 4})).view({r, -1});
  }
  at::Tensor pos_pred;
  if (reg_class_agnostic_) {
    pos_pred = pred.view({r, 4}).index_select(0, pos);
  } else {
    pos_pred = pred.view({r, -1, 4}).index({pos, t.labels.index_select(0, pos)});
  }
  losses["loss_bbox"] = (*loss_bbox_)(pos_pred, t.bbox_targets.index_select(0, pos),
                                      t.bbox_weights.index_select(0, pos), static_cast<double>(t.bbox_targets.size(0)));
  return losses;
}

torch::Tensor BBoxHead::cls_loss_per_roi(const torch::Tensor& cls_score, const torch::Tensor& labels) const {
  return loss_cls_->unreduced(cls_score, labels);
}

std::pair<torch::Tensor, torch::Tensor> BBoxHead::decode(const torch::Tensor& rois, const torch::Tensor& cls_score,
                                                         const torch::Tensor& bbox_pred, const ImageMeta& meta) const {
  auto scores = torch::softmax(cls_score, -1);
  const int64_t r = rois.size(0), k = bbox_pred.size(1) / 4;
  auto boxes = rois.narrow(1, 1, 4).unsqueeze(1).expand({r, k, 4}).reshape({-1, 4});
  auto decoded = coder_->decode(boxes, bbox_pred.reshape({-1, 4}), meta.height, meta.width).view({r, 4 * k});
  return {decoded, scores};
}

std::shared_ptr<BBoxHead> build_bbox_head(const Options& options) { return build<BBoxHead>("head", options, ""); }

}  // namespace mmdet4j::models
