#include "models/roi_heads/mask_heads/fcn_mask_head.h"

#include <cmath>

#include "layers/conv_module.h"
#include "ops/roi_align.h"

namespace mmdet4j::models {

FCNMaskHeadImpl::FCNMaskHeadImpl(const Options& o)
    : num_classes_(o.get_int("num_classes", 80)),
      class_agnostic_(o.get_bool("class_agnostic", false)),
      loss_mask_(std::dynamic_pointer_cast<CrossEntropyLoss>(build_loss(o.sub("loss_mask")))) {
  TORCH_CHECK(num_classes_ > 0, "FCNMaskHead: num_classes must be positive");
  TORCH_CHECK(o.get_string("upsample_cfg.type", "deconv") == "deconv", "FCNMaskHead: only upsample_cfg.type='deconv' "
              "is supported");
  TORCH_CHECK(loss_mask_ != nullptr && loss_mask_->use_mask(), o.path_of("loss_mask"),
              ": FCNMaskHead needs CrossEntropyLoss(use_mask=True)");
  const int64_t num_convs = o.get_int("num_convs", 4), in = o.get_int("in_channels", 256);
  const int64_t kernel = o.get_int("conv_kernel_size", 3), out = o.get_int("conv_out_channels", 256);
  const int64_t scale = o.get_int("upsample_cfg.scale_factor", 2);
  TORCH_CHECK(kernel % 2 == 1, "FCNMaskHead: conv_kernel_size must be odd");
  for (int64_t i = 0; i < num_convs; ++i) convs_->push_back(ConvModule(i == 0 ? in : out, out, kernel, 1, true));
  register_module("convs", convs_);
  upsample = register_module("upsample", torch::nn::ConvTranspose2d(
                                             torch::nn::ConvTranspose2dOptions(num_convs > 0 ? out : in, out, scale)
                                                 .stride(scale)));
  conv_logits = register_module("conv_logits", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, class_agnostic_ ? 1 : num_classes_, 1)));
  // mmdetection v2: Kaiming-normal (fan_out, relu) weights and zero biases everywhere.
  torch::NoGradGuard no_grad;
  for (auto& p : named_parameters()) {
    if (p.key().find("weight") != std::string::npos) {
      torch::nn::init::kaiming_normal_(p.value(), 0, torch::kFanOut, torch::kReLU);
    } else {
      torch::nn::init::zeros_(p.value());
    }
  }
}

torch::Tensor FCNMaskHeadImpl::forward(const torch::Tensor& roi_features) {
  auto x = roi_features;
  for (auto& m : convs_->children()) x = m->as<ConvModule>()->forward(x);
  return conv_logits(torch::relu(upsample(x)));
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

}  // namespace mmdet4j::models
