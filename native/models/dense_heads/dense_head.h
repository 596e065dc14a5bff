#pragma once
// What a single-stage detector needs from any dense head (registry "head"): training losses and
// test-time detections from the neck's feature maps. A dense head is registered as
//
//   Registrar<DenseHead, Options, Options> ("head", NAME, schema, doc,
//       [](const Options& head, const Options& train_cfg, const Options& test_cfg) {...});
//
// and receives, like mmdetection's build_head(bbox_head, train_cfg=..., test_cfg=...), the
// detector's train_cfg (empty for a model built for testing only) and test_cfg.

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "models/structures.h"

namespace mmdet4j::models {

class DenseHead : public torch::nn::Module {
 public:
  // Named losses; the ones whose name contains "loss" are summed and optimised.
  virtual std::map<std::string, torch::Tensor> forward_train(const std::vector<torch::Tensor>& features,
                                                             const std::vector<GroundTruth>& gts,
                                                             const std::vector<ImageMeta>& metas) = 0;
  // rescale: boxes divided by ImageMeta::scale_factor (mapped to the original images).
  virtual std::vector<Detections> simple_test(const std::vector<torch::Tensor>& features,
                                              const std::vector<ImageMeta>& metas, bool rescale) = 0;
  virtual int64_t num_classes() const = 0;
  // Channels the head expects of each input level: one entry per level, a single entry for every
  // level, or none when it does not say. The detector checks them against the neck's.
  virtual std::vector<int64_t> expected_channels() const { return {}; }
};

}  // namespace mmdet4j::models
