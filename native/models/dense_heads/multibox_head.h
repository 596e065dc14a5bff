#pragma once
// The dense head of RetinaFace and FaceBoxes: per level and prior, softmax class scores
// (background first, as their authors'), box deltas and optionally landmark deltas, against the
// authors' prior boxes (core::PriorBox), trained with their MultiBoxLoss:
//   matching (match_priors) at train_cfg.pos_iou_thr, ground truths forcing their best prior
//   when its IoU reaches min_best_iou;
//   loss_bbox = loc_weight * SmoothL1(deltas of the positives) / positives;
//   loss_cls = cross-entropy of the positives and of the neg_pos_ratio x positives hardest
//     negatives per image (mine_hard_negatives) / positives;
//   loss_landmark = landmark_weight * SmoothL1(landmark deltas of the positives whose face has
//     landmarks, over its visible points) / those positives.
// At test time: softmax scores above score_thr, the nms_pre best, decoded boxes and landmarks,
// NMS per class, the max_per_img best (test_cfg as AnchorHead's).
//
// Subclasses build the layers (their authors' names) and return each level's raw outputs.

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/anchor/prior_box.h"
#include "models/dense_heads/anchor_head.h"
#include "models/dense_heads/dense_head.h"
#include "models/dense_heads/multibox_targets.h"

namespace mmdet4j::models {

class MultiBoxHead : public DenseHead {
 public:
  // Per level (N, A * k, H, W) maps: class logits (k = num_classes + 1), box deltas (k = 4) and,
  // for heads with landmarks, landmark deltas (k = 2 * num_landmarks; otherwise empty).
  struct LevelOutputs {
    std::vector<torch::Tensor> cls, box, landmark;
  };

  // The keys every multibox head reads: num_classes, in_channels, prior_box, variance, loc_weight.
  static Schema base_schema();
  static const Schema& train_schema();

  // num_landmarks: 0 for a head without landmarks; landmark_weight scales their loss.
  MultiBoxHead(const Options& head, const Options& train_cfg, const Options& test_cfg, int64_t num_landmarks,
               double landmark_weight);

  virtual LevelOutputs predict(const std::vector<torch::Tensor>& features) = 0;

  std::map<std::string, torch::Tensor> forward_train(const std::vector<torch::Tensor>& features,
                                                     const std::vector<GroundTruth>& gts,
                                                     const std::vector<ImageMeta>& metas) override;
  std::vector<Detections> simple_test(const std::vector<torch::Tensor>& features, const std::vector<ImageMeta>& metas,
                                      bool rescale) override;
  int64_t num_classes() const override { return num_classes_; }
  int64_t num_landmarks() const { return num_landmarks_; }
  const core::PriorBox& prior_box() const { return priors_; }

  // The priors of a batch's feature maps, (P, 4) (cx, cy, w, h) in input pixels.
  torch::Tensor priors_for(const std::vector<torch::Tensor>& features, const std::vector<ImageMeta>& metas) const;

 protected:
  int64_t cls_channels() const { return num_classes_ + 1; }

 private:
  // (N, A * k, H, W) per level -> (N, P, k).
  static torch::Tensor flatten_levels(const std::vector<torch::Tensor>& levels, int64_t k);

  int64_t num_classes_, num_landmarks_;
  core::PriorBox priors_;
  Variances variances_;
  double loc_weight_, landmark_weight_;
  AnchorHead::TestSettings test_;
  double pos_iou_thr_ = 0.35, min_best_iou_ = 0.2;
  int64_t neg_pos_ratio_ = 7;
};

}  // namespace mmdet4j::models
