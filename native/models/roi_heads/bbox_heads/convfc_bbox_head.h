#pragma once
// ConvFCBBoxHead (mmdetection v2) and its presets Shared2FCBBoxHead (two shared 1024-d fcs, the
// Faster R-CNN FPN head) and Shared4Conv1FCBBoxHead (four shared convs, one shared fc): shared
// convs and fcs, then optional class- and box-branch convs/fcs, fc_cls (num_classes + 1 logits,
// background last) and fc_reg (4 deltas per class, or 4 with reg_class_agnostic). The presets fix
// the layer counts, so, as in mmdetection, their configs cannot give them.

#include <torch/torch.h>

#include "core/options.h"
#include "models/roi_heads/bbox_heads/bbox_head.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class ConvFCBBoxHeadImpl : public BBoxHead {
 public:
  // ConvFCBBoxHead's keys: BBoxHead's, the widths, and every layer count (default 0).
  static Schema schema();
  // The presets' keys: ConvFCBBoxHead's without the layer counts.
  static Schema preset_schema();

  // o: type ConvFCBBoxHead, Shared2FCBBoxHead or Shared4Conv1FCBBoxHead (the default), read
  // through its schema (attached here when the registry has not).
  explicit ConvFCBBoxHeadImpl(const Options& o);

  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& roi_features) override;

 private:
  torch::Tensor branch(torch::nn::ModuleList& convs, torch::nn::ModuleList& fcs, torch::Tensor x);

  torch::nn::ModuleList shared_convs_, shared_fcs_, cls_convs_, cls_fcs_, reg_convs_, reg_fcs_;
  torch::nn::Linear fc_cls{nullptr}, fc_reg{nullptr};
};
TORCH_MODULE(ConvFCBBoxHead);

}  // namespace mmdet4j::models
