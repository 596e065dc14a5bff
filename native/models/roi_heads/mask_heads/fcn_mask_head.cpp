#include "models/roi_heads/mask_heads/fcn_mask_head.h"

#include <cmath>

#include "layers/conv_module.h"
#include "ops/roi_align.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

// The keys of the upsample_cfg and predictor_cfg dicts besides their type (mmcv's layer configs,
// not registered components of their own).
const Schema& deconv_schema() {
  static const Schema s = Schema().optional("scale_factor", ParamType::kInt, 2, "upsampling factor (and stride)");
  return s;
}

const Schema& conv_schema() {
  static const Schema s;
  return s;
}

}  // namespace

Schema FCNMaskHeadImpl::schema() {
  return Schema()
      .optional("num_convs", ParamType::kInt, 4, "convs on the pooled RoI features")
      .optional("roi_feat_size", ParamType::kInt, 14, "side of the pooled RoI features (the extractor's output_size)")
      .optional("in_channels", ParamType::kInt, 256, "channels of the pooled RoI features")
      .optional("conv_kernel_size", ParamType::kInt, 3, "kernel of the convs (odd, so that they keep the size)")
      .optional("conv_out_channels", ParamType::kInt, 256, "channels of the convs and the deconvolution")
      .optional("num_classes", ParamType::kInt, 80, "number of object classes (one mask each)")
      .optional("class_agnostic", ParamType::kBool, false, "one mask per RoI instead of one per class")
      .optional("upsample_cfg", ParamType::kDict, {{"type", "deconv"}, {"scale_factor", 2}},
                "upsampling after the convs: {type: deconv, scale_factor}")
      .optional("conv_cfg", ParamType::kDict, nullptr, "only None (plain convs)")
      .optional("norm_cfg", ParamType::kDict, nullptr, "norm of the convs: None, {type: GN, num_groups} or BN")
      .optional("predictor_cfg", ParamType::kDict, {{"type", "Conv"}}, "the 1x1 logits conv: only {type: Conv}")
      .optional_component("loss_mask", "loss",
                          {{"type", "CrossEntropyLoss"}, {"use_mask", true}, {"loss_weight", 1.0}},
                          "per-pixel loss: CrossEntropyLoss with use_mask=True")
      .optional("init_cfg", ParamType::kDict, nullptr, "only None: the head uses mmdetection's default init");
}

FCNMaskHeadImpl::FCNMaskHeadImpl(const Options& given) {
  static const Schema own_schema = schema();
  const auto o = given.checked_by(own_schema, "FCNMaskHead");
  num_classes_ = o.get_int("num_classes");
  in_channels_ = o.get_int("in_channels");
  roi_feat_size_ = o.get_int("roi_feat_size");
  class_agnostic_ = o.get_bool("class_agnostic");
  for (const char* key : {"roi_feat_size", "in_channels", "conv_out_channels", "num_classes"}) {
    TORCH_CHECK(o.get_int(key) > 0, o.path_of(key), ": must be positive, got ", o.get_int(key));
  }
  const int64_t num_convs = o.get_int("num_convs"), kernel = o.get_int("conv_kernel_size");
  const int64_t out = o.get_int("conv_out_channels");
  TORCH_CHECK(num_convs >= 0, o.path_of("num_convs"), ": must be >= 0, got ", num_convs);
  // An even kernel cannot keep the RoI size with symmetric padding.
  TORCH_CHECK(kernel > 0 && kernel % 2 == 1, o.path_of("conv_kernel_size"), ": must be a positive odd number, got ",
              kernel);
  for (const char* key : {"conv_cfg", "init_cfg"}) {
    TORCH_CHECK(o.is_null(key), o.path_of(key), ": only None is supported natively so far");
  }
  const auto norm = NormConfig::from(o, "norm_cfg");
  const auto predictor_given = o.section("predictor_cfg");
  TORCH_CHECK(predictor_given.get_string("type", "Conv") == "Conv", predictor_given.path_of("type"),
              ": only 'Conv' is supported, got '", predictor_given.get_string("type", ""), "'");
  predictor_given.with_schema(conv_schema(), "predictor_cfg");
  const auto upsample_given = o.section("upsample_cfg");
  TORCH_CHECK(upsample_given.get_string("type", "deconv") == "deconv", upsample_given.path_of("type"),
              ": only 'deconv' is supported natively, got '", upsample_given.get_string("type", ""), "'");
  const auto upsample_cfg = upsample_given.with_schema(deconv_schema(), "upsample_cfg");
  scale_factor_ = upsample_cfg.get_int("scale_factor");
  TORCH_CHECK(scale_factor_ > 0, upsample_cfg.path_of("scale_factor"), ": must be positive, got ", scale_factor_);
  const auto loss_cfg = o.section("loss_mask");
  loss_mask_ = std::dynamic_pointer_cast<CrossEntropyLoss>(build_loss(loss_cfg));
  TORCH_CHECK(loss_mask_ != nullptr && loss_mask_->use_mask(), o.path_of("loss_mask"),
              ": FCNMaskHead needs CrossEntropyLoss with use_mask=True, got ", loss_cfg.get_string("type", ""),
              loss_mask_ != nullptr ? " with use_mask=False" : "");
  register_module("loss_mask", loss_mask_);

  for (int64_t i = 0; i < num_convs; ++i) {
    convs_->push_back(ConvModule(i == 0 ? in_channels_ : out, out, kernel, 1, true, norm));
  }
  register_module("convs", convs_);
  upsample = register_module("upsample", torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(
                                             num_convs > 0 ? out : in_channels_, out, scale_factor_)
                                                                         .stride(scale_factor_)));
  conv_logits = register_module(
      "conv_logits", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, class_agnostic_ ? 1 : num_classes_, 1)));
  // mmdetection v2: Kaiming-normal (fan_out, relu) weights and zero biases for every conv.
  init_kaiming_fan_out(*this);
}

torch::Tensor FCNMaskHeadImpl::forward(const torch::Tensor& roi_features) {
  auto x = roi_features;
  for (auto& m : convs_->children()) x = m->as<ConvModule>()->forward(x);
  return conv_logits(upsample(x).relu_());
}

torch::Tensor FCNMaskHeadImpl::get_targets(const std::vector<core::SamplingResult>& samples,
                                           const std::vector<GroundTruth>& gts, int64_t mask_size) const {
  std::vector<torch::Tensor> targets;
  for (size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    const int64_t p = s.pos_boxes.size(0);
    if (p == 0) {
      targets.push_back(s.pos_boxes.new_zeros({0, mask_size, mask_size}));
      continue;
    }
    const auto& masks = gts[i].masks;
    TORCH_CHECK(masks.defined() && masks.dim() == 3 && masks.size(0) == s.num_gts,
                "mask targets: image ", i, " has ", s.num_gts, " ground truths but ",
                masks.defined() ? masks.size(0) : 0, " masks");
    // One RoI per positive on its own ground-truth mask: crop_and_resize by RoIAlign (aligned),
    // binarised at 0.5, as mmdetection's BitmapMasks.crop_and_resize.
    auto boxes = s.pos_boxes.clone();
    boxes.select(1, 0).clamp_(0, masks.size(2));
    boxes.select(1, 2).clamp_(0, masks.size(2));
    boxes.select(1, 1).clamp_(0, masks.size(1));
    boxes.select(1, 3).clamp_(0, masks.size(1));
    auto index = torch::arange(p, boxes.options()).unsqueeze(1);
    auto chosen = masks.index_select(0, s.pos_assigned_gt_inds).to(boxes.scalar_type()).unsqueeze(1);
    auto resized = ops::roi_align(chosen.contiguous(), torch::cat({index, boxes}, 1), 1.0, mask_size, mask_size, 0, true);
    targets.push_back((resized.squeeze(1) >= 0.5).to(boxes.scalar_type()));
  }
  return torch::cat(targets);
}

torch::Tensor FCNMaskHeadImpl::loss(const torch::Tensor& mask_pred, const torch::Tensor& targets,
                                    const torch::Tensor& labels) const {
  return loss_mask_->mask(mask_pred, targets, class_agnostic_ ? torch::zeros_like(labels) : labels);
}

torch::Tensor paste_mask(const torch::Tensor& mask, const std::array<double, 4>& box, int64_t img_h, int64_t img_w) {
  const auto [x0, y0, x1, y1] = box;
  // Only the box's neighbourhood is sampled (mmdetection's skip_empty on the CPU).
  const auto left = static_cast<int64_t>(std::max(std::floor(std::min(x0, x1)) - 1, 0.0));
  const auto top = static_cast<int64_t>(std::max(std::floor(std::min(y0, y1)) - 1, 0.0));
  const auto right = static_cast<int64_t>(std::min(std::ceil(x1) + 1, static_cast<double>(img_w)));
  const auto bottom = static_cast<int64_t>(std::min(std::ceil(y1) + 1, static_cast<double>(img_h)));
  auto out = torch::zeros({img_h, img_w}, mask.options().dtype(torch::kFloat));
  if (right <= left || bottom <= top) return out;
  auto opts = mask.options().dtype(torch::kFloat);
  auto xs = (torch::arange(left, right, opts) + 0.5 - x0) / (x1 - x0) * 2 - 1;
  auto ys = (torch::arange(top, bottom, opts) + 0.5 - y0) / (y1 - y0) * 2 - 1;
  xs = torch::where(torch::isfinite(xs), xs, torch::zeros_like(xs));
  ys = torch::where(torch::isfinite(ys), ys, torch::zeros_like(ys));
  auto gx = xs.view({1, -1}).expand({ys.size(0), xs.size(0)});
  auto gy = ys.view({-1, 1}).expand({ys.size(0), xs.size(0)});
  auto grid = torch::stack({gx, gy}, 2).unsqueeze(0);
  auto sampled = torch::grid_sampler(mask.to(torch::kFloat).view({1, 1, mask.size(0), mask.size(1)}), grid,
                                     /*bilinear*/ 0, /*zeros*/ 0, /*align_corners=*/false);
  out.narrow(0, top, bottom - top).narrow(1, left, right - left).copy_(sampled[0][0]);
  return out;
}

torch::Tensor FCNMaskHeadImpl::paste_masks(const torch::Tensor& mask_pred, const torch::Tensor& boxes,
                                           const torch::Tensor& labels, int64_t img_h, int64_t img_w,
                                           double threshold) const {
  const int64_t k = mask_pred.size(0);
  auto probs = mask_pred.sigmoid();
  probs = class_agnostic_ ? probs.select(1, 0) : probs.index({torch::arange(k, labels.options()), labels});
  auto out = torch::zeros({k, img_h, img_w}, mask_pred.options().dtype(torch::kBool));
  auto corners = boxes.to(torch::kCPU, torch::kDouble).contiguous();
  auto c = corners.accessor<double, 2>();
  for (int64_t i = 0; i < k; ++i) {
    out[i].copy_(paste_mask(probs[i], {c[i][0], c[i][1], c[i][2], c[i][3]}, img_h, img_w) >= threshold);
  }
  return out;
}

std::shared_ptr<MaskHead> build_mask_head(const Options& options) { return build<MaskHead>("head", options, ""); }

namespace {

const Registrar<MaskHead> kFCNMaskHead("head", "FCNMaskHead", FCNMaskHeadImpl::schema(),
                                       "Mask R-CNN's mask head: convs, a deconvolution, one mask logit map per class",
                                       [](const Options& o) { return std::make_shared<FCNMaskHeadImpl>(o); });

}  // namespace

}  // namespace mmdet4j::models
