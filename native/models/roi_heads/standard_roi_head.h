#pragma once
// StandardRoIHead (mmdetection v2): per image, proposals are assigned (MaxIoUAssigner) and
// sampled; RoI features of the sampled boxes feed the bbox head, those of the positives the mask
// head. At test time: bbox head on all proposals, per-class NMS, then the mask head on the kept
// detections, pasted into the original images. Without a mask_roi_extractor the mask branch
// pools with the box branch's extractor (mmdetection's share_roi_extractor).

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/bbox/assigners/base_assigner.h"
#include "core/bbox/samplers/base_sampler.h"
#include "core/options.h"
#include "models/roi_heads/base_roi_head.h"
#include "models/roi_heads/bbox_heads/bbox_head.h"
#include "models/roi_heads/mask_heads/mask_head.h"
#include "models/roi_heads/roi_extractors/roi_extractor.h"
#include "models/structures.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class StandardRoIHead : public RoIHead {
 public:
  static Schema schema();
  // train_cfg.rcnn and test_cfg.rcnn of the detector.
  static const Schema& train_schema();
  static const Schema& test_schema();

  // head: read through schema() (attached here when the registry has not); train_cfg may be
  // empty (a model for testing only).
  StandardRoIHead(const Options& head, const Options& train_cfg, const Options& test_cfg);

  std::map<std::string, torch::Tensor> forward_train(const std::vector<torch::Tensor>& features,
                                                     const std::vector<torch::Tensor>& proposals,
                                                     const std::vector<GroundTruth>& gts) override;
  std::vector<Detections> simple_test(const std::vector<torch::Tensor>& features,
                                      const std::vector<torch::Tensor>& proposals,
                                      const std::vector<ImageMeta>& metas, bool rescale) override;

  // The sampling of one image (exposed for tests).
  core::SamplingResult assign_and_sample(const std::vector<torch::Tensor>& features, int64_t image,
                                         const torch::Tensor& proposals, const GroundTruth& gt);

  int64_t num_classes() const override { return bbox_head->num_classes(); }
  bool with_mask() const override { return mask_head != nullptr; }

  std::shared_ptr<BBoxHead> bbox_head;
  std::shared_ptr<MaskHead> mask_head;  // null without a mask branch

 private:
  struct TestSettings {
    double score_thr;
    double iou_threshold;
    int64_t max_per_img;
    double mask_thr_binary;
  };

  std::pair<torch::Tensor, torch::Tensor> bbox_forward(const std::vector<torch::Tensor>& features,
                                                       const torch::Tensor& rois);
  torch::Tensor mask_forward(const std::vector<torch::Tensor>& features, const torch::Tensor& rois);

  std::shared_ptr<RoIExtractor> bbox_roi_extractor_, mask_roi_extractor_;
  std::shared_ptr<core::Assigner> assigner_;  // null when built for testing only
  std::shared_ptr<core::Sampler> sampler_;
  double pos_weight_ = -1;
  int64_t mask_size_ = 0;
  TestSettings test_{};
};

}  // namespace mmdet4j::models
