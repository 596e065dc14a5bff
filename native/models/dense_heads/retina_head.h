#pragma once
// RetinaHead (Lin et al. 2017) on mmdetection v2's AnchorHead machinery: stacked 3x3 convs for
// classification and regression shared across levels (cls_convs.i.conv, reg_convs.i.conv,
// retina_cls, retina_reg), anchor targets by MaxIoUAssigner with a pseudo sampler, focal loss
// averaged over the number of positives, and test-time top-k / decode / multiclass NMS.

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/anchor/anchor_generator.h"
#include "core/bbox/delta_xywh_coder.h"
#include "core/bbox/max_iou_assigner.h"
#include "core/bbox/samplers.h"
#include "core/options.h"
#include "models/losses/losses.h"
#include "models/structures.h"

namespace mmdet4j::models {

struct TestOptions {
  int64_t nms_pre = 1000;
  double min_bbox_size = 0;
  double score_thr = 0.05;
  double iou_threshold = 0.5;
  int64_t max_per_img = 100;
  static TestOptions from(const Options& o);
};

class RetinaHeadImpl : public torch::nn::Module {
 public:
  explicit RetinaHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg);

  // Per level: classification logits (N, A*C, H, W) and box deltas (N, A*4, H, W).
  std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> forward(
      const std::vector<torch::Tensor>& features);

  std::map<std::string, torch::Tensor> loss(const std::vector<torch::Tensor>& cls_scores,
                                            const std::vector<torch::Tensor>& bbox_preds,
                                            const std::vector<GroundTruth>& gts,
                                            const std::vector<ImageMeta>& metas) const;

  std::vector<Detections> get_bboxes(const std::vector<torch::Tensor>& cls_scores,
                                     const std::vector<torch::Tensor>& bbox_preds,
                                     const std::vector<ImageMeta>& metas, bool rescale) const;

  int64_t num_classes() const { return num_classes_; }

 private:
  int64_t num_classes_;
  int64_t stacked_convs_;
  bool reg_decoded_bbox_;
  core::AnchorGenerator anchors_;
  core::DeltaXYWHCoder coder_;
  core::MaxIoUAssigner assigner_;
  core::Sampler sampler_;
  double pos_weight_;
  TestOptions test_;
  Loss loss_cls_, loss_bbox_;
  torch::nn::ModuleList cls_convs_, reg_convs_;
  torch::nn::Conv2d retina_cls{nullptr}, retina_reg{nullptr};
};
TORCH_MODULE(RetinaHead);

}  // namespace mmdet4j::models
