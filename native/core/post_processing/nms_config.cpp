#include "core/post_processing/nms_config.h"

#include "registry/registry.h"
#include "registry/settings.h"

namespace mmdet4j::core {

namespace {

std::shared_ptr<NmsConfig> make(const Options& given) {
  const auto nms = given.checked_by(NmsConfig::schema(), "nms in registry 'nms'");
  const auto iou = agree(optional_number(nms, "iou_threshold"), optional_number(nms, "iou_thr"),
                         nms.path_of("iou_threshold"), "iou_thr");
  TORCH_CHECK(iou.has_value(), nms.path_of("iou_threshold"), ": missing: the nms dict needs an IoU threshold");
  TORCH_CHECK(*iou >= 0 && *iou <= 1, nms.path_of("iou_threshold"), ": must be in [0, 1], got ", *iou);
  return std::make_shared<NmsConfig>(NmsConfig{*iou});
}

const Registrar<NmsConfig> kNms("nms", "nms", NmsConfig::schema(),
                                "non-maximum suppression (mmcv's nms): boxes overlapping a better one by more "
                                "than iou_threshold are dropped",
                                make);

}  // namespace

const Schema& NmsConfig::schema() {
  static const Schema s = Schema()
      .optional("iou_threshold", ParamType::kFloat, nullptr, "IoU above which the lower-scoring box is dropped")
      .optional("iou_thr", ParamType::kFloat, nullptr, "mmdetection v1's spelling of iou_threshold");
  return s;
}

NmsConfig NmsConfig::from(const Options& nms) { return *build<NmsConfig>("nms", nms, "nms"); }

}  // namespace mmdet4j::core
