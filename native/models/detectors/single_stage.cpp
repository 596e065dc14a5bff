#include "models/detectors/single_stage.h"

#include <algorithm>
#include <string>

#include "registry/registry.h"

namespace mmdet4j::models {

Schema SingleStageDetectorImpl::schema() {
  return detector_schema()
      .components("neck", "neck", false,
                  "maps the backbone's features to the head's: a neck, a list applied in order, or None")
      .component("bbox_head", "head", "the dense head: losses in training, detections at test time");
}

SingleStageDetectorImpl::SingleStageDetectorImpl(const Options& model) {
  model.require_none("init_cfg", "only None is supported natively");
  backbone = register_module("backbone", build<Backbone>("backbone", model.sub("backbone"), ""));
  if (!model.is_null("neck")) {
    neck = register_module("neck", build_neck(model, "neck", *backbone));
  }
  bbox_head = register_module("bbox_head", build<DenseHead>("head", model.sub("bbox_head"), "",
                                                            model.sub("train_cfg"), model.sub("test_cfg")));
  check_head_fits(model);
  channels_last_ = model.get_bool("channels_last");
  if (channels_last_) to_channels_last(*this);
}

void SingleStageDetectorImpl::check_head_fits(const Options& model) const {
  const auto given = neck ? neck->out_channels() : backbone->out_channels();
  const auto expected = bbox_head->expected_channels();
  if (given.empty() || expected.empty()) return;  // a part that does not say
  auto list = [](const std::vector<int64_t>& c) {
    std::string s;
    for (int64_t v : c) s += (s.empty() ? "" : ", ") + std::to_string(v);
    return "(" + s + ")";
  };
  const bool fits = expected.size() == 1
                        ? std::all_of(given.begin(), given.end(), [&](int64_t c) { return c == expected[0]; })
                        : expected == given;
  TORCH_CHECK(fits, model.sub("bbox_head").path_of("in_channels"), ": ", list(expected), " do not match the ",
              neck ? "neck's out_channels " : "backbone's output channels ", list(given));
}

std::vector<torch::Tensor> SingleStageDetectorImpl::extract_feat(const torch::Tensor& images) {
  auto features = backbone->forward(channels_last_ ? images.contiguous(at::MemoryFormat::ChannelsLast) : images);
  return neck ? neck->forward(features) : features;
}

std::map<std::string, torch::Tensor> SingleStageDetectorImpl::forward_train(const torch::Tensor& images,
                                                                            const std::vector<GroundTruth>& gts,
                                                                            const std::vector<ImageMeta>& metas) {
  return bbox_head->forward_train(extract_feat(images), gts, metas);
}

std::vector<Detections> SingleStageDetectorImpl::simple_test(const torch::Tensor& images,
                                                             const std::vector<ImageMeta>& metas, bool rescale) {
  return bbox_head->simple_test(extract_feat(images), metas, rescale);
}

namespace {

std::shared_ptr<DetectorModule> make(const Options& model) {
  return std::make_shared<SingleStageDetectorImpl>(model);
}

const Registrar<DetectorModule> kSingleStage("detector", "SingleStageDetector", SingleStageDetectorImpl::schema(),
                                             "backbone -> neck -> any dense head", make);
const Registrar<DetectorModule> kRetinaNet("detector", "RetinaNet", SingleStageDetectorImpl::schema(),
                                           "RetinaNet (Lin et al. 2017): a single-stage detector, usually ResNet + "
                                           "FPN + RetinaHead",
                                           make);
const Registrar<DetectorModule> kRepPoints("detector", "RepPointsDetector", SingleStageDetectorImpl::schema(),
                                           "RepPoints (Yang et al. 2019): a single-stage detector with a "
                                           "RepPointsHead, usually ResNet + FPN",
                                           make);
const Registrar<DetectorModule> kFCOS("detector", "FCOS", SingleStageDetectorImpl::schema(),
                                      "FCOS (Tian et al. 2019): a single-stage detector, usually ResNet + FPN + "
                                      "FCOSHead",
                                      make);
const Registrar<DetectorModule> kRetinaFace("detector", "RetinaFace", SingleStageDetectorImpl::schema(),
                                            "RetinaFace (Deng et al. 2019): faces with five landmarks, usually "
                                            "MobileNetV1 or ResNet + RetinaFaceFPN + SSH + RetinaFaceHead",
                                            make);
const Registrar<DetectorModule> kFaceBoxes("detector", "FaceBoxes", SingleStageDetectorImpl::schema(),
                                           "FaceBoxes (Zhang et al. 2017): FaceBoxesNet + FaceBoxesHead, no neck",
                                           make);

}  // namespace

}  // namespace mmdet4j::models
