#include "models/dense_heads/ssd_head.h"

#include <algorithm>

#include "core/autocast.h"
#include "layers/conv_module.h"
#include "registry/registry.h"
#include "registry/settings.h"

namespace mmdet4j::models {

torch::Tensor hard_negative_mined_sum(const torch::Tensor& loss_per_anchor, const torch::Tensor& labels,
                                      int64_t background, int64_t neg_pos_ratio) {
  auto pos = (labels >= 0) & (labels < background);
  auto neg = labels == background;
  const int64_t num_pos = pos.sum().item<int64_t>();
  auto neg_losses = loss_per_anchor.masked_select(neg);
  // An image without positives keeps no negatives either (mmdetection: k = ratio * 0).
  const int64_t k = std::min(neg_pos_ratio * num_pos, neg_losses.numel());
  return loss_per_anchor.masked_select(pos).sum() + std::get<0>(neg_losses.topk(k)).sum();
}

Schema SSDHeadImpl::schema() {
  return Schema()
      .optional("num_classes", ParamType::kInt, 80, "number of object classes, background excluded")
      .optional("in_channels", ParamType::kIntList, {512, 1024, 512, 256, 256, 256},
                "channels of each input level (the neck's out_channels)")
      .optional("stacked_convs", ParamType::kInt, 0, "ConvModules before each level's predictors")
      .optional("feat_channels", ParamType::kInt, 256, "channels of the stacked convs")
      .optional("use_depthwise", ParamType::kBool, false, "only False (SSDLite's depthwise head is not native)")
      .optional("conv_cfg", ParamType::kDict, nullptr, "only None (plain convs)")
      .optional("norm_cfg", ParamType::kDict, nullptr, "norm of the stacked convs: None, BN or GN")
      .optional("act_cfg", ParamType::kDict, nullptr, "activation of the stacked convs: None or {type: ReLU}")
      // mmdetection's own default basesize_ratio_range, (0.1, 0.9), is refused by its generator at
      // input_size 300; this default is SSD300 COCO's.
      .include(AnchorHead::anchor_schema())
      .set_default("anchor_generator", {{"type", "SSDAnchorGenerator"}, {"scale_major", false},
                                        {"input_size", 300}, {"strides", {8, 16, 32, 64, 100, 300}},
                                        {"ratios", {{2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}}},
                                        {"basesize_ratio_range", {0.15, 0.9}}})
      .optional("init_cfg", ParamType::kDict, nullptr,
                "None: mmdetection's default (xavier-uniform convs, zero biases)");
}

const Schema& SSDHeadImpl::train_schema() {
  static const Schema s = Schema()
      .component("assigner", "assigner", "assigns anchors to ground truths (MaxIoUAssigner)")
      .optional("smoothl1_beta", ParamType::kFloat, 1.0, "beta of the SmoothL1 box loss")
      .optional("neg_pos_ratio", ParamType::kInt, 3, "negatives kept per positive by hard negative mining")
      .optional("allowed_border", ParamType::kInt, -1,
                "anchors beyond this many pixels outside the image take no part (-1: no limit)")
      .optional("pos_weight", ParamType::kFloat, -1.0, "weight of positive anchors (<= 0: 1)")
      .optional("debug", ParamType::kBool, false, "only False");
  return s;
}

SSDHeadImpl::SSDHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : AnchorHead(head, test_cfg, head.get_int("num_classes"), SoftmaxWithOwnLosses{}),
      in_channels_(head.get_int_list("in_channels")) {
  TORCH_CHECK(!head.get_bool("use_depthwise"), head.path_of("use_depthwise"), ": only False is supported natively");
  head.require_none("conv_cfg", "only None is supported natively");
  head.require_none("init_cfg", "only None (mmdetection's default init) is supported natively");
  const auto& anchors = anchor_generator();
  TORCH_CHECK(static_cast<int64_t>(in_channels_.size()) == anchors.num_levels(), head.path_of("in_channels"), ": ",
              in_channels_.size(), " levels but the anchor generator has ", anchors.num_levels(), " strides");
  const auto norm = NormConfig::from(head, "norm_cfg");
  const bool relu = relu_from_act_cfg(head, "act_cfg");
  const int64_t stacked = head.get_int("stacked_convs"), feat = head.get_int("feat_channels");
  TORCH_CHECK(stacked >= 0 && feat > 0, head.path(), ": stacked_convs must be >= 0 and feat_channels positive");
  for (size_t l = 0; l < in_channels_.size(); ++l) {
    torch::nn::Sequential cls, reg;
    int64_t in = in_channels_[l];
    for (int64_t i = 0; i < stacked; ++i) {
      cls->push_back(ConvModule(in, feat, 3, 1, relu, norm));
      reg->push_back(ConvModule(in, feat, 3, 1, relu, norm));
      in = feat;
    }
    const int64_t a = anchors.num_base_anchors(l);
    cls->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, a * cls_out_channels(), 3).padding(1)));
    reg->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, a * 4, 3).padding(1)));
    cls_convs->push_back(cls);
    reg_convs->push_back(reg);
  }
  register_module("cls_convs", cls_convs);
  register_module("reg_convs", reg_convs);
  init_xavier_uniform(*this);

  if (train_cfg.to_json().empty()) return;  // built for testing only
  const auto train = train_cfg.with_schema(train_schema(), "train_cfg of " + head.path());
  TORCH_CHECK(!train.get_bool("debug"), train.path_of("debug"), ": only False is supported");
  neg_pos_ratio_ = train.get_int("neg_pos_ratio");
  smoothl1_beta_ = train.get_double("smoothl1_beta");
  TORCH_CHECK(neg_pos_ratio_ >= 0, train.path_of("neg_pos_ratio"), ": must be >= 0, got ", neg_pos_ratio_);
  TORCH_CHECK(smoothl1_beta_ > 0, train.path_of("smoothl1_beta"), ": must be positive, got ", smoothl1_beta_);
  // SSD trains on every anchor and picks its negatives itself (mmdetection: PseudoSampler).
  train_with(core::build_assigner(train.section("assigner")),
             core::build_sampler(Options::from_json(Json{{"type", "PseudoSampler"}}, train.path_of("sampler"))),
             train.get_int("allowed_border"), train.get_double("pos_weight"));
}

std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> SSDHeadImpl::predict(
    const std::vector<torch::Tensor>& features) {
  TORCH_CHECK(features.size() == in_channels_.size(), "SSDHead: ", features.size(), " feature levels, expected ",
              in_channels_.size());
  std::vector<torch::Tensor> cls, reg;
  for (size_t l = 0; l < features.size(); ++l) {
    cls.push_back(cls_convs[l]->as<torch::nn::Sequential>()->forward(features[l]));
    reg.push_back(reg_convs[l]->as<torch::nn::Sequential>()->forward(features[l]));
  }
  return {core::to_float32(cls), core::to_float32(reg)};
}

std::map<std::string, torch::Tensor> SSDHeadImpl::losses(const torch::Tensor& cls, const torch::Tensor& reg,
                                                         const torch::Tensor& anchors, const AnchorTargets& t) const {
  const int64_t n = cls.size(0), per_image = cls.size(1);
  auto ce = torch::nn::functional::cross_entropy(
                cls.reshape({-1, cls_out_channels()}), t.labels,
                torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone)) *
            t.label_weights;
  torch::Tensor loss_cls = torch::zeros({}, cls.options());
  for (int64_t i = 0; i < n; ++i) {
    loss_cls = loss_cls + hard_negative_mined_sum(ce.narrow(0, i * per_image, per_image),
                                                  t.labels.narrow(0, i * per_image, per_image), num_classes(),
                                                  neg_pos_ratio_);
  }
  auto pred = reg.reshape({-1, 4});
  if (reg_decoded_bbox()) pred = bbox_coder().decode(anchors.repeat({n, 1}), pred);
  auto loss_bbox = torch::nn::functional::smooth_l1_loss(
                       pred, t.bbox_targets,
                       torch::nn::functional::SmoothL1LossFuncOptions().reduction(torch::kNone).beta(smoothl1_beta_)) *
                   t.bbox_weights;
  // Both divided by the batch's positives (mmdetection's num_total_samples without sampling).
  return {{"loss_cls", loss_cls / t.avg_factor}, {"loss_bbox", loss_bbox.sum() / t.avg_factor}};
}

namespace {

const SettingsRegistrar kTrainSettings("SSDHead.train_cfg", SSDHeadImpl::train_schema(),
                                       "SSD's train_cfg: the assigner, hard negative mining and SmoothL1 beta");

const Registrar<DenseHead, Options, Options> kSSDHead(
    "head", "SSDHead", SSDHeadImpl::schema(),
    "SSD's head: per level 3x3 convs for softmax class scores (with background) and box deltas; hard negative mining",
    [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
      return std::make_shared<SSDHeadImpl>(head, train_cfg, test_cfg);
    });

}  // namespace

}  // namespace mmdet4j::models
