#pragma once
// Loss scaling for mixed-precision training: torch.cuda.amp.GradScaler's rule, as mmcv's
// Fp16OptimizerHook drives it. The loss is multiplied by the scale before backward, so that small
// float16 gradients do not flush to zero; the gradients are divided by it again before clipping
// and the update. A step whose gradients hold inf or NaN is skipped and, with a dynamic scale,
// the scale is multiplied by backoff_factor; after growth_interval finite steps in a row it is
// multiplied by growth_factor. A static scale (mmdetection's fp16 = dict(loss_scale=512.)) stays
// fixed, its overflowing steps skipped as well.

#include <torch/torch.h>

#include <string>

#include "core/options.h"

namespace mmdet4j::train {

class LossScaler {
 public:
  // Disabled: scale 1, never skips on its own (bfloat16 needs no scaling).
  LossScaler() = default;
  // loss_scale: a number (static), "dynamic", or a dict of GradScaler's arguments (init_scale,
  // growth_factor, backoff_factor, growth_interval); errors name `path`, its config path.
  static LossScaler from(const Json& loss_scale, const std::string& path);

  bool enabled() const { return enabled_; }
  bool dynamic() const { return dynamic_; }
  double scale() const { return enabled_ ? scale_ : 1.0; }
  // After a step's gradients were checked: backs off on overflow, grows after growth_interval
  // finite steps (dynamic scales only).
  void update(bool found_inf);

  // GradScaler.state_dict() as JSON: {"scale", "growth_factor", "backoff_factor",
  // "growth_interval", "_growth_tracker"}; "" when disabled.
  std::string state() const;
  // Restores state(); errors name the key that is missing or invalid.
  void load_state(const std::string& json);

 private:
  bool enabled_ = false, dynamic_ = false;
  double scale_ = 1.0, growth_factor_ = 2.0, backoff_factor_ = 0.5;
  int64_t growth_interval_ = 2000, growth_tracker_ = 0;
};

}  // namespace mmdet4j::train
