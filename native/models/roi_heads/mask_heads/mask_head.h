#pragma once
// What a RoI head needs from a mask head (mmdetection's mask_heads): mask logits of RoI
// features, their targets and loss, and the masks of detections pasted into the image. Mask
// heads register in registry "head" (as in mmdetection) with a factory of the options alone:
//
//   const Registrar<MaskHead> kMyHead("head", "MyMaskHead", MyMaskHead::schema(), "doc", make);

#include <torch/torch.h>

#include <memory>
#include <vector>

#include "core/bbox/samplers/base_sampler.h"
#include "core/options.h"
#include "models/structures.h"

namespace mmdet4j::models {

class MaskHead : public torch::nn::Module {
 public:
  // (R, in_channels, roi_feat_size, roi_feat_size) RoI features -> (R, classes, M, M) mask logits.
  virtual torch::Tensor forward(const torch::Tensor& roi_features) = 0;

  // (P, mask_size, mask_size) float 0/1 targets of the positives of all images, in order.
  virtual torch::Tensor get_targets(const std::vector<core::SamplingResult>& samples,
                                    const std::vector<GroundTruth>& gts, int64_t mask_size) const = 0;
  virtual torch::Tensor loss(const torch::Tensor& mask_pred, const torch::Tensor& targets,
                             const torch::Tensor& labels) const = 0;

  // Masks (K, img_h, img_w) bool of detections with boxes (K, 4) in the image's pixels.
  virtual torch::Tensor paste_masks(const torch::Tensor& mask_pred, const torch::Tensor& boxes,
                                    const torch::Tensor& labels, int64_t img_h, int64_t img_w,
                                    double threshold) const = 0;

  virtual int64_t num_classes() const = 0;
  virtual int64_t in_channels() const = 0;
  virtual int64_t roi_feat_size() const = 0;
  // The side M of the predicted masks, which train_cfg.rcnn.mask_size must equal.
  virtual int64_t output_size() const = 0;
};

// Builds the mask head `options` names (registry "head"); errors name the config path.
std::shared_ptr<MaskHead> build_mask_head(const Options& options);

}  // namespace mmdet4j::models
