#include "models/roi_heads/bbox_heads/convfc_bbox_head.h"

#include <nlohmann/json.hpp>

#include "layers/conv_module.h"

namespace mmdet4j::models {

namespace {

struct Layout {
  int64_t shared_convs, shared_fcs, cls_convs, cls_fcs, reg_convs, reg_fcs;
};

// The presets fix the layout as mmdetection's subclasses do (options that spell the counts out
// must agree with them); ConvFCBBoxHead reads it.
Layout layout_of(const Options& o) {
  const auto type = o.get_string("type", "Shared2FCBBoxHead");
  const char* keys[] = {"num_shared_convs", "num_shared_fcs", "num_cls_convs", "num_cls_fcs", "num_reg_convs",
                        "num_reg_fcs"};
  Layout preset{0, 0, 0, 0, 0, 0};
  if (type == "Shared2FCBBoxHead") {
    preset = {0, 2, 0, 0, 0, 0};
  } else if (type == "Shared4Conv1FCBBoxHead") {
    preset = {4, 1, 0, 0, 0, 0};
  } else {
    TORCH_CHECK(type == "ConvFCBBoxHead", "unknown bbox head type '", type, "'");
  }
  int64_t* counts[] = {&preset.shared_convs, &preset.shared_fcs, &preset.cls_convs,
                       &preset.cls_fcs,      &preset.reg_convs,  &preset.reg_fcs};
  for (int i = 0; i < 6; ++i) {
    const int64_t given = o.get_int(keys[i], *counts[i]);
    TORCH_CHECK(type == "ConvFCBBoxHead" || given == *counts[i], o.path_of(keys[i]), ": ", type, " fixes it to ",
                *counts[i], ", got ", given);
    *counts[i] = given;
  }
  return preset;
}

// mmdetection's BBoxHead default coder, for callers that omit it.
const Json kDefaultCoder = {{"type", "DeltaXYWHBBoxCoder"}, {"target_means", {0.0, 0.0, 0.0, 0.0}},
                            {"target_stds", {0.1, 0.1, 0.2, 0.2}}};

}  // namespace

ConvFCBBoxHeadImpl::ConvFCBBoxHeadImpl(const Options& o)
    : num_classes_(o.get_int("num_classes", 80)),
      reg_class_agnostic_(o.get_bool("reg_class_agnostic", false)),
      reg_decoded_bbox_(o.get_bool("reg_decoded_bbox", false)),
      coder_(core::build_bbox_coder(o.sub_or("bbox_coder", kDefaultCoder))),
      loss_cls_(build_loss(o.sub("loss_cls"))),
      loss_bbox_(build_loss(o.sub("loss_bbox"))) {
  TORCH_CHECK(num_classes_ > 0, "bbox head: num_classes must be positive");
  TORCH_CHECK(!loss_cls_->use_sigmoid() && loss_cls_->type() == "CrossEntropyLoss",
              "bbox head: loss_cls must be a softmax CrossEntropyLoss");
  TORCH_CHECK(!o.get_bool("with_avg_pool", false), "bbox head: with_avg_pool is not supported");
  const auto l = layout_of(o);
  const int64_t in = o.get_int("in_channels", 256), conv_out = o.get_int("conv_out_channels", 256);
  const int64_t fc_out = o.get_int("fc_out_channels", 1024), size = o.get_int("roi_feat_size", 7);
  const int64_t area = size * size;
  // mmdetection's _add_conv_fc_branch: convs keep the map, the first fc flattens it.
  auto add_branch = [&](int64_t convs, int64_t fcs, int64_t last, bool shared, torch::nn::ModuleList& conv_list,
                        torch::nn::ModuleList& fc_list) {
    for (int64_t i = 0; i < convs; ++i) conv_list->push_back(ConvModule(i == 0 ? last : conv_out, conv_out, 3, 1, true));
    if (convs > 0) last = conv_out;
    if (fcs > 0) {
      if (shared || l.shared_fcs == 0) last *= area;
      for (int64_t i = 0; i < fcs; ++i) fc_list->push_back(torch::nn::Linear(i == 0 ? last : fc_out, fc_out));
      last = fc_out;
    }
    return last;
  };
  const int64_t shared_out = add_branch(l.shared_convs, l.shared_fcs, in, true, shared_convs_, shared_fcs_);
  int64_t cls_last = add_branch(l.cls_convs, l.cls_fcs, shared_out, false, cls_convs_, cls_fcs_);
  int64_t reg_last = add_branch(l.reg_convs, l.reg_fcs, shared_out, false, reg_convs_, reg_fcs_);
  if (l.shared_fcs == 0) {
    if (l.cls_fcs == 0) cls_last *= area;
    if (l.reg_fcs == 0) reg_last *= area;
  }
  register_module("shared_convs", shared_convs_);
  register_module("shared_fcs", shared_fcs_);
  register_module("cls_convs", cls_convs_);
  register_module("cls_fcs", cls_fcs_);
  register_module("reg_convs", reg_convs_);
  register_module("reg_fcs", reg_fcs_);
  fc_cls = register_module("fc_cls", torch::nn::Linear(cls_last, num_classes_ + 1));
  fc_reg = register_module("fc_reg", torch::nn::Linear(reg_last, reg_class_agnostic_ ? 4 : 4 * num_classes_));

  // mmdetection v2's init: Normal(0, 0.01) / Normal(0, 0.001) for fc_cls / fc_reg, Xavier-uniform
  // fcs, Kaiming-normal (fan_out) convs, zero biases.
  torch::NoGradGuard no_grad;
  for (auto* list : {&shared_fcs_, &cls_fcs_, &reg_fcs_}) {
    for (auto& m : (*list)->children()) {
      auto fc = m->as<torch::nn::Linear>();
      torch::nn::init::xavier_uniform_(fc->weight);
      torch::nn::init::zeros_(fc->bias);
    }
  }
  for (auto* list : {&shared_convs_, &cls_convs_, &reg_convs_}) {
    for (auto& m : (*list)->children()) {
      auto conv = m->as<ConvModule>()->conv;
      torch::nn::init::kaiming_normal_(conv->weight, 0, torch::kFanOut, torch::kReLU);
      torch::nn::init::zeros_(conv->bias);
    }
  }
  torch::nn::init::normal_(fc_cls->weight, 0, 0.01);
  torch::nn::init::zeros_(fc_cls->bias);
  torch::nn::init::normal_(fc_reg->weight, 0, 0.001);
  torch::nn::init::zeros_(fc_reg->bias);
}

torch::Tensor ConvFCBBoxHeadImpl::branch(torch::nn::ModuleList& convs, torch::nn::ModuleList& fcs, torch::Tensor x) {
  for (auto& m : convs->children()) x = m->as<ConvModule>()->forward(x);
  if (!fcs->is_empty() && x.dim() > 2) x = x.flatten(1);
  for (auto& m : fcs->children()) x = torch::relu(m->as<torch::nn::Linear>()->forward(x));
  return x;
}

std::pair<torch::Tensor, torch::Tensor> ConvFCBBoxHeadImpl::forward(const torch::Tensor& roi_features) {
  auto x = branch(shared_convs_, shared_fcs_, roi_features);
  auto x_cls = branch(cls_convs_, cls_fcs_, x);
  auto x_reg = branch(reg_convs_, reg_fcs_, x);
  return {fc_cls(x_cls.flatten(1)), fc_reg(x_reg.flatten(1))};
}

RoITargets ConvFCBBoxHeadImpl::get_targets(const std::vector<core::SamplingResult>& samples, double pos_weight) const {
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

std::map<std::string, torch::Tensor> ConvFCBBoxHeadImpl::loss(const torch::Tensor& cls_score,
                                                              const torch::Tensor& bbox_pred,
                                                              const torch::Tensor& rois,
                                                              const RoITargets& t) const {
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
  losses["loss_bbox"] = (*loss_bbox_)(pos_pred, t.bbox_targets.index_select(0, pos), t.bbox_weights.index_select(0, pos),
                                   static_cast<double>(t.bbox_targets.size(0)));
  return losses;
}

torch::Tensor ConvFCBBoxHeadImpl::cls_loss_per_roi(const torch::Tensor& cls_score, const torch::Tensor& labels) const {
  return loss_cls_->unreduced(cls_score, labels);
}

std::pair<torch::Tensor, torch::Tensor> ConvFCBBoxHeadImpl::decode(const torch::Tensor& rois,
                                                                   const torch::Tensor& cls_score,
                                                                   const torch::Tensor& bbox_pred,
                                                                   const ImageMeta& meta) const {
  auto scores = torch::softmax(cls_score, -1);
  const int64_t r = rois.size(0), k = bbox_pred.size(1) / 4;
  auto boxes = rois.narrow(1, 1, 4).unsqueeze(1).expand({r, k, 4}).reshape({-1, 4});
  auto decoded = coder_->decode(boxes, bbox_pred.reshape({-1, 4}), meta.height, meta.width).view({r, 4 * k});
  return {decoded, scores};
}

}  // namespace mmdet4j::models
