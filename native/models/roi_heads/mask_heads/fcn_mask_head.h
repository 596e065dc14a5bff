#pragma once
// FCNMaskHead (Mask R-CNN, mmdetection v2): num_convs 3x3 convs, a 2x deconvolution (upsample)
// and a 1x1 conv to one mask logit map per class (conv_logits). Targets are the ground-truth
// masks cropped and resized to mask_size by RoIAlign (binarised at 0.5); the loss is per-pixel
// binary cross-entropy in the RoI's class channel. At test time each detection's mask is pasted
// into the original image (bilinear, like mmdetection's _do_paste_mask) and thresholded.

#include <torch/torch.h>

#include <array>
#include <vector>

#include "core/options.h"
#include "models/losses/cross_entropy_loss.h"
#include "models/roi_heads/mask_heads/mask_head.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class FCNMaskHeadImpl : public MaskHead {
 public:
  static Schema schema();
  // o: read through schema() (attached here when the registry has not).
  explicit FCNMaskHeadImpl(const Options& o);

  torch::Tensor forward(const torch::Tensor& roi_features) override;
  torch::Tensor get_targets(const std::vector<core::SamplingResult>& samples, const std::vector<GroundTruth>& gts,
                            int64_t mask_size) const override;
  torch::Tensor loss(const torch::Tensor& mask_pred, const torch::Tensor& targets,
                     const torch::Tensor& labels) const override;
  torch::Tensor paste_masks(const torch::Tensor& mask_pred, const torch::Tensor& boxes, const torch::Tensor& labels,
                            int64_t img_h, int64_t img_w, double threshold) const override;

  int64_t num_classes() const override { return num_classes_; }
  int64_t in_channels() const override { return in_channels_; }
  int64_t roi_feat_size() const override { return roi_feat_size_; }
  int64_t output_size() const override { return roi_feat_size_ * scale_factor_; }

 private:
  int64_t num_classes_;
  int64_t in_channels_;
  int64_t roi_feat_size_;
  int64_t scale_factor_;
  bool class_agnostic_;
  std::shared_ptr<CrossEntropyLoss> loss_mask_;
  torch::nn::ModuleList convs_;
  torch::nn::ConvTranspose2d upsample{nullptr};
  torch::nn::Conv2d conv_logits{nullptr};
};
TORCH_MODULE(FCNMaskHead);

// Pastes one (h, w) probability map into an img_h x img_w frame over `box` (x1, y1, x2, y2) by
// bilinear sampling at pixel centres; returns (img_h, img_w) probabilities (0 outside the box).
torch::Tensor paste_mask(const torch::Tensor& mask, const std::array<double, 4>& box, int64_t img_h, int64_t img_w);

}  // namespace mmdet4j::models
