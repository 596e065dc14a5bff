#pragma once
// BBoxHead (mmdetection v2's bbox_heads/bbox_head.py): what every RoI box head shares — the
// classification and regression targets of sampled RoIs, the losses, and decoding at test time.
// A head derives and adds its layers in forward(); ConvFCBBoxHead and its presets
// (convfc_bbox_head.cpp) are the ones registered today. Box heads register in registry "head"
// (as in mmdetection) with a factory of the options alone:
//
//   const Registrar<BBoxHead> kMyHead("head", "MyBBoxHead", MyBBoxHead::schema(), "doc",
//                                     [](const Options& o) { return std::make_shared<MyBBoxHead>(o); });

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/bbox/coder/base_bbox_coder.h"
#include "core/bbox/samplers/base_sampler.h"
#include "core/options.h"
#include "layers/normed_linear.h"
#include "models/losses/loss.h"
#include "models/structures.h"
#include "registry/schema.h"

namespace mmdet4j::models {

// Classification targets and box-regression targets of sampled RoIs (positives first per image).
struct RoITargets {
  torch::Tensor labels;         // (R,) int64, num_classes for background
  torch::Tensor label_weights;  // (R,)
  torch::Tensor bbox_targets;   // (R, 4)
  torch::Tensor bbox_weights;   // (R, 4)
};

class BBoxHead : public torch::nn::Module {
 public:
  // BBoxHead's keys with mmdetection v2's defaults; subclasses include them.
  static Schema schema();

  // o: read through the subclass's schema (which includes schema()).
  explicit BBoxHead(const Options& o);

  // RoI features (R, C, S, S) -> class logits (R, num_classes + 1), deltas (R, 4 * num_classes or 4).
  virtual std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& roi_features) = 0;

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
  // The RoI features the head takes: (in_channels, roi_feat_size, roi_feat_size).
  int64_t in_channels() const { return in_channels_; }
  int64_t roi_feat_size() const { return roi_feat_size_; }

 protected:
  bool reg_class_agnostic() const { return reg_class_agnostic_; }
  // cls_predictor_cfg: how a subclass's fc_cls turns features into logits.
  const ClassifierConfig& classifier() const { return classifier_; }

 private:
  int64_t num_classes_;
  int64_t in_channels_;
  int64_t roi_feat_size_;
  bool reg_class_agnostic_;
  bool reg_decoded_bbox_;
  std::shared_ptr<core::BBoxCoder> coder_;
  std::shared_ptr<Loss> loss_cls_, loss_bbox_;
  ClassifierConfig classifier_;
};

// Builds the box head `options` names (registry "head"); errors name the config path.
std::shared_ptr<BBoxHead> build_bbox_head(const Options& options);

}  // namespace mmdet4j::models
