#include "models/detectors/detector.h"

#include "registry/registry.h"

namespace mmdet4j::models {

Schema detector_schema() {
  return Schema()
      .component("backbone", "backbone", "feature extractor")
      .optional("train_cfg", ParamType::kDict, nullptr, "training settings of the heads (None: a model for testing)")
      .optional("test_cfg", ParamType::kDict, nullptr, "test settings of the heads (None: their defaults)")
      .optional("pretrained", ParamType::kStr, nullptr,
                "checkpoint of the backbone (mmdetection v1/v2.0 spelling), loaded by the caller")
      .optional("init_cfg", ParamType::kDict, nullptr, "only None")
      .optional("channels_last", ParamType::kBool, true,
                "convolutions in NHWC, oneDNN's preferred layout on the CPU (about 15% faster training)");
}

std::shared_ptr<DetectorModule> build_detector(const Options& model) {
  auto detector = build<DetectorModule>("detector", model, "");
  // The caller loads `pretrained` into the backbone after construction (Detector::loadWeights).
  model.mark_read("pretrained");
  const auto unread = model.unread();
  if (!unread.empty()) {
    std::string all;
    for (const auto& key : unread) all += (all.empty() ? "" : ", ") + key;
    TORCH_CHECK(false, unread.front(), ": not used by the native ", model.get_string("type", ""),
                " (keys given and not used: ", all, ")");
  }
  return detector;
}

void to_channels_last(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& p : module.parameters()) {
    if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
  }
}

}  // namespace mmdet4j::models
