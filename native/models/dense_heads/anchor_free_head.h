#pragma once
// mmdetection v2.28's AnchorFreeHead: what point-based dense heads (FCOS) share. Per level, a
// classification tower and a regression tower of stacked_convs 3x3 ConvModules (cls_convs.i,
// reg_convs.i), then conv_cls (num_classes sigmoid logits per point) and conv_reg (4 distances);
// one point per feature-map cell (core::grid_points); and the test-time path of v2.28's
// BaseDenseHead: per level the (point, class) pairs above score_thr, the best nms_pre of them,
// decoded by the bbox_coder; scores times the optional score factors (FCOS's centerness); NMS per
// class; the best max_per_img.
//
// A subclass adds its own branches and losses, and implements forward_train / simple_test with
// forward_level() and get_bboxes().

#include <torch/torch.h>

#include <memory>
#include <optional>
#include <vector>

#include "core/bbox/coder/base_bbox_coder.h"
#include "core/options.h"
#include "layers/conv_module.h"
#include "models/dense_heads/anchor_head.h"
#include "models/dense_heads/dense_head.h"
#include "models/losses/loss.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class AnchorFreeHead : public DenseHead {
 public:
  // AnchorFreeHead's keys with mmdetection v2.28's defaults; subclasses include() it.
  static Schema schema();

  // head: options checked against the subclass's schema. test_cfg: a single-stage detector's,
  // checked against AnchorHead::test_schema() (nms_pre, min_bbox_size, score_thr, nms, max_per_img).
  AnchorFreeHead(const Options& head, const Options& test_cfg);

  int64_t num_classes() const override { return num_classes_; }

 protected:
  struct LevelOutput {
    torch::Tensor cls_score;  // (N, num_classes, H, W)
    torch::Tensor bbox_pred;  // (N, 4, H, W), before any scale
    torch::Tensor cls_feat, reg_feat;  // the towers' outputs
  };
  LevelOutput forward_level(const torch::Tensor& x);

  // Per level, the points of score maps of these sizes (N, C, H, W).
  std::vector<torch::Tensor> points_of(const std::vector<torch::Tensor>& score_maps) const;
  // Detections from per-level score maps, distance maps (in pixels) and optional per-point score
  // factors (N, 1, H, W) (empty: none).
  std::vector<Detections> get_bboxes(const std::vector<torch::Tensor>& cls_scores,
                                     const std::vector<torch::Tensor>& bbox_preds,
                                     const std::vector<torch::Tensor>& score_factors,
                                     const std::vector<ImageMeta>& metas, bool rescale) const;

  // Normal(0, 0.01) weights of every conv, the classifier's bias at prior probability 0.01
  // (mmdetection's init_cfg of AnchorFreeHead). Subclasses call it after adding their layers.
  void init_weights();

  const std::vector<int64_t>& strides() const { return strides_; }
  const core::BBoxCoder& bbox_coder() const { return *coder_; }
  Loss& loss_cls() const { return *loss_cls_; }
  Loss& loss_bbox() const { return *loss_bbox_; }
  int64_t feat_channels() const { return feat_channels_; }
  const NormConfig& norm() const { return norm_; }
  std::optional<bool> conv_bias() const { return conv_bias_; }

 private:
  int64_t num_classes_, in_channels_, feat_channels_, stacked_convs_;
  std::vector<int64_t> strides_;
  NormConfig norm_;
  std::optional<bool> conv_bias_;  // unset: 'auto'
  std::shared_ptr<core::BBoxCoder> coder_;
  std::shared_ptr<Loss> loss_cls_, loss_bbox_;
  torch::nn::ModuleList cls_convs_, reg_convs_;
  torch::nn::Conv2d conv_cls_{nullptr}, conv_reg_{nullptr};
  AnchorHead::TestSettings test_{};
};

}  // namespace mmdet4j::models
