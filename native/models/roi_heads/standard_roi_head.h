#pragma once
// StandardRoIHead (mmdetection v2): per image, proposals are assigned (MaxIoUAssigner) and
// sampled; RoI features of the sampled boxes feed the bbox head, those of the positives the mask
// head. At test time: bbox head on all proposals, per-class NMS, then the mask head on the kept
// detections, pasted into the original images.
//
// Options (roi_head.*): bbox_roi_extractor.*, bbox_head.*, [mask_roi_extractor.*, mask_head.*];
// train_cfg.rcnn: assigner.*, sampler.*, pos_weight, mask_size; test_cfg.rcnn: score_thr,
// nms.iou_threshold, max_per_img, mask_thr_binary.

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/bbox/assigners/base_assigner.h"
#include "core/bbox/samplers/base_sampler.h"
#include "core/options.h"
#include "models/roi_heads/bbox_heads/convfc_bbox_head.h"
#include "models/roi_heads/mask_heads/fcn_mask_head.h"
#include "models/roi_heads/roi_extractors/roi_extractor.h"
#include "models/structures.h"

namespace mmdet4j::models {

struct RcnnTestOptions {
  double score_thr = 0.05;
  double iou_threshold = 0.5;
  int64_t max_per_img = 100;
  double mask_thr_binary = 0.5;
  static RcnnTestOptions from(const Options& o);
};

class StandardRoIHeadImpl : public torch::nn::Module {
 public:
  StandardRoIHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg);

  // loss_cls, loss_bbox (and loss_mask). proposals: per image (P, 5).
  std::map<std::string, torch::Tensor> forward_train(const std::vector<torch::Tensor>& features,
                                                     const std::vector<torch::Tensor>& proposals,
                                                     const std::vector<GroundTruth>& gts);
  std::vector<Detections> simple_test(const std::vector<torch::Tensor>& features,
                                      const std::vector<torch::Tensor>& proposals,
                                      const std::vector<ImageMeta>& metas, bool rescale);

  // The sampling of one image (exposed for tests).
  core::SamplingResult assign_and_sample(const std::vector<torch::Tensor>& features, int64_t image,
                                         const torch::Tensor& proposals, const GroundTruth& gt);

  int64_t num_classes() const { return bbox_head->num_classes(); }
  bool with_mask() const { return !mask_head.is_empty(); }

  ConvFCBBoxHead bbox_head{nullptr};
  FCNMaskHead mask_head{nullptr};

 private:
  std::pair<torch::Tensor, torch::Tensor> bbox_forward(const std::vector<torch::Tensor>& features,
                                                       const torch::Tensor& rois);
  torch::Tensor mask_forward(const std::vector<torch::Tensor>& features, const torch::Tensor& rois);

  std::shared_ptr<RoIExtractor> bbox_roi_extractor_, mask_roi_extractor_;
  std::shared_ptr<core::Assigner> assigner_;
  std::shared_ptr<core::Sampler> sampler_;
  double pos_weight_;
  int64_t mask_size_;
  RcnnTestOptions test_;
};
TORCH_MODULE(StandardRoIHead);

}  // namespace mmdet4j::models
