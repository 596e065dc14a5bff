#pragma once
// The two face-detection heads on MultiBoxHead, with their authors' layer names.
//
// RetinaFaceHead (Deng et al. 2019; the authors' ClassHead / BboxHead / LandmarkHead): per level
// a 1x1 conv for each of class logits, box deltas and five landmarks' deltas
// (ClassHead.0.conv1x1.weight, BboxHead.2.conv1x1.bias, LandmarkHead.1.conv1x1.weight).
//
// FaceBoxesHead (Zhang et al. 2017): per level a 3x3 conv for box deltas (loc.0.weight) and one
// for class logits (conf.0.weight), no landmarks; the authors' init (Xavier-normal weights,
// biases 0.02).

#include <torch/torch.h>

#include <vector>

#include "models/dense_heads/multibox_head.h"

namespace mmdet4j::models {

class RetinaFaceHeadImpl : public MultiBoxHead {
 public:
  static Schema schema();
  RetinaFaceHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg);
  LevelOutputs predict(const std::vector<torch::Tensor>& features) override;
  std::vector<int64_t> expected_channels() const override { return {in_channels_}; }

 private:
  int64_t in_channels_;
  torch::nn::ModuleList class_heads, bbox_heads, landmark_heads;
};

class FaceBoxesHeadImpl : public MultiBoxHead {
 public:
  static Schema schema();
  FaceBoxesHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg);
  LevelOutputs predict(const std::vector<torch::Tensor>& features) override;
  std::vector<int64_t> expected_channels() const override { return in_channels_; }

 private:
  std::vector<int64_t> in_channels_;
  torch::nn::ModuleList loc, conf;
};

}  // namespace mmdet4j::models
