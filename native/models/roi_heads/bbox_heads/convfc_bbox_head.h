#pragma once
// ConvFCBBoxHead (mmdetection v2) and its presets Shared2FCBBoxHead (two shared 1024-d fcs, the
// Faster R-CNN FPN head) and Shared4Conv1FCBBoxHead: shared convs and fcs, then optional
// class- and box-branch convs/fcs, fc_cls (num_classes + 1 logits, background last) and fc_reg
// (4 deltas per class, or 4 with reg_class_agnostic).
//
// Options: type, num_shared_convs, num_shared_fcs, num_cls_convs, num_cls_fcs, num_reg_convs,
// num_reg_fcs, conv_out_channels, fc_out_channels, in_channels, roi_feat_size, num_classes,
// reg_class_agnostic, reg_decoded_bbox, bbox_coder.*, loss_cls.*, loss_bbox.*.

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/bbox/coder/base_bbox_coder.h"
#include "core/bbox/samplers/base_sampler.h"
#include "core/options.h"
#include "models/losses/loss.h"
#include "models/structures.h"

namespace mmdet4j::models {

// Classification targets and box-regression targets of sampled RoIs (positives first per image).
struct RoITargets {
  torch::Tensor labels;         // (R,) int64, num_classes for background
  torch::Tensor label_weights;  // (R,)
  torch::Tensor bbox_targets;   // (R, 4)
  torch::Tensor bbox_weights;   // (R, 4)
};

class ConvFCBBoxHeadImpl : public torch::nn::Module {
 public:
  explicit ConvFCBBoxHeadImpl(const Options& o);

  // RoI features (R, C, S, S) -> class logits (R, num_classes + 1), deltas (R, 4 * num_classes or 4).
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& roi_features);

  RoITargets get_targets(const std::vector<core::SamplingResult>& samples, double pos_weight) const;
  // loss_cls over all sampled RoIs (averaged over those with weight), loss_bbox over positives
  // (averaged over all sampled RoIs, as mmdetection does), and acc (top-1 accuracy in percent,
  // logged, not optimised).
  std::map<std::string, torch::Tensor> loss(const torch::Tensor& cls_score, const torch::Tensor& bbox_pred,
                                            const torch::Tensor& rois, const RoITargets& targets) const;
  // Per-RoI classification loss for OHEM.
  torch::Tensor cls_loss_per_roi(const torch::Tensor& cls_score, const torch::Tensor& labels) const;

  // Decoded boxes (R, 4 * C or 4) clipped to the image, and softmax scores (R, C + 1).
  std::pair<torch::Tensor, torch::Tensor> decode(const torch::Tensor& rois, const torch::Tensor& cls_score,
                                                 const torch::Tensor& bbox_pred, const ImageMeta& meta) const;

  int64_t num_classes() const { return num_classes_; }

 private:
  torch::Tensor branch(torch::nn::ModuleList& convs, torch::nn::ModuleList& fcs, torch::Tensor x);

  int64_t num_classes_;
  bool reg_class_agnostic_;
  bool reg_decoded_bbox_;
  std::shared_ptr<core::BBoxCoder> coder_;
  std::shared_ptr<Loss> loss_cls_, loss_bbox_;
  torch::nn::ModuleList shared_convs_, shared_fcs_, cls_convs_, cls_fcs_, reg_convs_, reg_fcs_;
  torch::nn::Linear fc_cls{nullptr}, fc_reg{nullptr};
};
TORCH_MODULE(ConvFCBBoxHead);

}  // namespace mmdet4j::models
