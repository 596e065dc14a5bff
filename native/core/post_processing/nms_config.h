#pragma once
// The nms dict of a test_cfg (mmcv's dict(type='nms', iou_threshold=0.5)), registered in "nms"
// so that every head reads it the same way: only plain NMS runs natively, so another type
// (soft_nms) or an unknown key is an error naming its config path, not a silently different
// post-processing. mmdetection v1's spelling iou_thr is accepted; given with iou_threshold, the
// two must agree.

#include <memory>
#include <string>

#include "core/options.h"
#include "registry/schema.h"

namespace mmdet4j::core {

struct NmsConfig {
  double iou_threshold;

  static const Schema& schema();
  // The dict `nms` (a section of a head's test settings) built through registry "nms".
  static NmsConfig from(const Options& nms);
};

}  // namespace mmdet4j::core
