#pragma once
// What the API layer needs from any detector: training losses, test-time detections, and its
// parameters (a torch::nn::Module). RetinaNet, FasterRCNN and MaskRCNN implement it.

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/options.h"
#include "models/backbones/backbone.h"
#include "models/structures.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class DetectorModule : public torch::nn::Module {
 public:
  virtual std::map<std::string, torch::Tensor> forward_train(const torch::Tensor& images,
                                                             const std::vector<GroundTruth>& gts,
                                                             const std::vector<ImageMeta>& metas) = 0;
  // rescale: map boxes (and masks) back to the original images with ImageMeta::scale_factor.
  virtual std::vector<Detections> simple_test(const torch::Tensor& images, const std::vector<ImageMeta>& metas,
                                              bool rescale) = 0;
  virtual int64_t num_classes() const = 0;
  virtual bool with_mask() const { return false; }
};

// Builds the detector that model.type names in registry "detector". Keys the detector was given
// and never read are errors naming their config path: nothing is silently dropped.
std::shared_ptr<DetectorModule> build_detector(const Options& model);

// The keys of every detector: backbone, train_cfg, test_cfg, pretrained, init_cfg, channels_last.
Schema detector_schema();

// Stores 4-d parameters in NHWC ("channels last"): oneDNN's preferred layout on the CPU.
void to_channels_last(torch::nn::Module& module);

}  // namespace mmdet4j::models
