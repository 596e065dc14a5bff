#pragma once
// RetinaNet: SingleStageDetector = ResNet backbone -> FPN neck -> RetinaHead, with
// mmdetection's module names (backbone., neck., bbox_head.).

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/options.h"
#include "models/backbones/resnet.h"
#include "models/dense_heads/retina_head.h"
#include "models/detectors/detector.h"
#include "models/necks/fpn.h"

namespace mmdet4j::models {

class RetinaNetImpl : public DetectorModule {
 public:
  // model: the options under "model." (backbone.*, neck.*, bbox_head.*, train_cfg.*, test_cfg.*).
  explicit RetinaNetImpl(const Options& model);

  std::vector<torch::Tensor> extract_feat(const torch::Tensor& images);
  std::map<std::string, torch::Tensor> forward_train(const torch::Tensor& images, const std::vector<GroundTruth>& gts,
                                                     const std::vector<ImageMeta>& metas) override;
  std::vector<Detections> simple_test(const torch::Tensor& images, const std::vector<ImageMeta>& metas,
                                      bool rescale) override;
  int64_t num_classes() const override { return bbox_head->num_classes(); }
  bool channels_last() const { return channels_last_; }

  ResNet backbone{nullptr};
  FPN neck{nullptr};
  RetinaHead bbox_head{nullptr};

 private:
  // Convolutions in NHWC ("channels last"): oneDNN's preferred layout on the CPU, about 15% faster
  // per training step at 512x512 on the benchmark machine. Option "channels_last" (default true).
  bool channels_last_ = true;
};
TORCH_MODULE(RetinaNet);

}  // namespace mmdet4j::models
