#pragma once
// RepPointsHead (Yang et al. 2019, "RepPoints: Point Set Representation for Object Detection")
// as in mmdetection v2.28. Per level, a classification and a points tower (cls_convs.i,
// reg_convs.i: stacked_convs 3x3 ConvModules); the initial points (reppoints_pts_init_conv /
// _out: num_points (dy, dx) offsets in strides from each cell's point); two deformable 3x3
// convolutions sampling the towers at those points (reppoints_cls_conv, reppoints_pts_refine_conv,
// the offsets' gradient scaled by gradient_mul) give the class logits (reppoints_cls_out) and the
// refined points (reppoints_pts_refine_out, added to the detached initial ones). Point sets become
// boxes by transform_method (moment: with the learnable moment_transfer). With use_grid_points
// the branches regress boxes and the points are a grid on them.
//
// Training: the initial points against ground truths assigned by train_cfg.init's assigner
// (PointAssigner on the cells' points, or MaxIoUAssigner on point_base_scale-sized boxes), the
// refined points and the classes against train_cfg.refine's assigner (MaxIoUAssigner) on the
// initial points' boxes; box losses (SmoothL1 by default) on boxes divided by
// point_base_scale * stride, a focal loss on the classes. Registered in "head".

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/bbox/assigners/base_assigner.h"
#include "core/options.h"
#include "layers/conv_module.h"
#include "layers/deform_conv.h"
#include "models/dense_heads/anchor_head.h"
#include "models/dense_heads/dense_head.h"
#include "models/dense_heads/reppoints_transforms.h"
#include "models/losses/loss.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class RepPointsHeadImpl : public DenseHead {
 public:
  static Schema schema();
  // train_cfg: {init: STAGE, refine: STAGE}, each {assigner, allowed_border, pos_weight, debug}.
  static const Schema& train_schema();
  static const Schema& stage_schema();
  RepPointsHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg);

  // Per level: class logits (N, C, H, W), initial and refined point sets (N, 2 * num_points, H, W)
  // as (dy, dx) pairs in strides from the cell's point.
  struct Outputs {
    std::vector<torch::Tensor> cls_scores, pts_init, pts_refine;
  };
  Outputs forward(const std::vector<torch::Tensor>& features);

  std::map<std::string, torch::Tensor> forward_train(const std::vector<torch::Tensor>& features,
                                                     const std::vector<GroundTruth>& gts,
                                                     const std::vector<ImageMeta>& metas) override;
  std::vector<Detections> simple_test(const std::vector<torch::Tensor>& features,
                                      const std::vector<ImageMeta>& metas, bool rescale) override;
  int64_t num_classes() const override { return num_classes_; }
  std::vector<int64_t> expected_channels() const override { return {in_channels_}; }

  std::map<std::string, torch::Tensor> loss(const Outputs& outputs, const std::vector<GroundTruth>& gts) const;

 // One assignment stage of train_cfg.
  struct Stage {
    std::shared_ptr<core::Assigner> assigner;
    double pos_weight = -1;
  };

 private:
  struct StageTargets;
  // Boxes (N, 4, H, W) in strides relative to the cells' points, of point maps.
  torch::Tensor boxes_of(const torch::Tensor& point_maps) const;
  // The grid points and boxes (use_grid_points) of box regressions `reg` (N, 4, H, W) relative to
  // `previous` boxes.
  std::pair<torch::Tensor, torch::Tensor> grid_from_regression(const torch::Tensor& reg,
                                                               const torch::Tensor& previous) const;
  StageTargets targets(const std::vector<torch::Tensor>& candidates, const std::vector<GroundTruth>& gts,
                       const Stage& stage) const;

  int64_t num_classes_, in_channels_, stacked_convs_, num_points_, kernel_;
  double gradient_mul_, point_base_scale_, moment_mul_;
  std::vector<int64_t> strides_;
  bool use_grid_points_, center_init_;
  PointsToBox transform_;
  std::shared_ptr<Loss> loss_cls_, loss_bbox_init_, loss_bbox_refine_;
  Stage init_stage_, refine_stage_;
  bool init_on_points_ = true;  // the init stage assigns points (PointAssigner), not boxes
  AnchorHead::TestSettings test_{};
  torch::Tensor base_offset_;  // (1, 2 * num_points, 1, 1): the (dy, dx) of a plain k x k kernel
  torch::nn::ModuleList cls_convs_, reg_convs_;
  DeformConv2d cls_conv_{nullptr}, refine_conv_{nullptr};
  torch::nn::Conv2d cls_out_{nullptr}, init_conv_{nullptr}, init_out_{nullptr}, refine_out_{nullptr};
  torch::Tensor moment_transfer_;
};

}  // namespace mmdet4j::models
