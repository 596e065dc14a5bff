#pragma once
// FCOSHead (Tian et al. 2019) as in mmdetection v2.28: AnchorFreeHead's towers (GroupNorm by
// default), a centerness branch (conv_centerness, on the classification tower or with
// centerness_on_reg on the regression one) and a learnable Scale per level (scales.i.scale)
// multiplying the distances, which are exp()-ed, or with norm_on_bbox clamped at 0 and in units of
// the level's stride. Training: fcos_targets(), a focal loss over all points averaged over the
// positives, a centerness-weighted IoU-family loss on the positives' decoded boxes, and a sigmoid
// cross-entropy on their centerness. Test: scores times sigmoid(centerness). Registered in "head".

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/dense_heads/anchor_free_head.h"
#include "models/dense_heads/fcos_targets.h"

namespace mmdet4j::models {

class FCOSHeadImpl : public AnchorFreeHead {
 public:
  static Schema schema();
  // The keys of mmdetection's FCOS train_cfg (an anchor head's), all optional: FCOS assigns points
  // itself and, as mmdetection, uses none of them, but a misspelt key is still an error.
  static const Schema& train_schema();
  FCOSHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg);

  // Per level: class logits (N, C, H, W), distances (N, 4, H, W) and centerness logits
  // (N, 1, H, W). for_test: distances in pixels (with norm_on_bbox the training outputs are in
  // strides).
  struct Outputs {
    std::vector<torch::Tensor> cls_scores, bbox_preds, centernesses;
  };
  Outputs forward(const std::vector<torch::Tensor>& features, bool for_test);

  std::map<std::string, torch::Tensor> forward_train(const std::vector<torch::Tensor>& features,
                                                     const std::vector<GroundTruth>& gts,
                                                     const std::vector<ImageMeta>& metas) override;
  std::vector<Detections> simple_test(const std::vector<torch::Tensor>& features,
                                      const std::vector<ImageMeta>& metas, bool rescale) override;

  std::map<std::string, torch::Tensor> loss(const Outputs& outputs, const std::vector<GroundTruth>& gts) const;

 private:
  FcosTargetSettings targets_;
  bool norm_on_bbox_, centerness_on_reg_;
  std::shared_ptr<Loss> loss_centerness_;
  torch::nn::Conv2d conv_centerness_{nullptr};
  torch::nn::ModuleList scales_;
};

}  // namespace mmdet4j::models
