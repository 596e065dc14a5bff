#include "models/detectors/detector.h"

#include "models/detectors/retinanet.h"
#include "models/detectors/two_stage.h"

namespace mmdet4j::models {

std::shared_ptr<DetectorModule> build_detector(const Options& model) {
  const auto type = model.get_string("type", "");
  if (type == "RetinaNet") return std::make_shared<RetinaNetImpl>(model);
  if (type == "FasterRCNN" || type == "MaskRCNN") return std::make_shared<TwoStageDetectorImpl>(model);
  TORCH_CHECK(false, "model.type: '", type, "' is not a native detector (available: RetinaNet, FasterRCNN, MaskRCNN)");
}

void to_channels_last(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& p : module.parameters()) {
    if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
  }
}

}  // namespace mmdet4j::models
