#pragma once
// Mixed precision: LibTorch's autocast switched on for a scope, and the float32 boundary of the
// network's outputs. Under autocast the convolutions and linear layers run in float16 or bfloat16;
// the heads hand their outputs to losses, box decoding and NMS in float32, as mmdetection's
// @force_fp32 on loss() and get_bboxes() does: box coordinates of an 800-pixel image in bfloat16
// would be off by up to 4 pixels.

#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

namespace mmdet4j::core {

// The compute dtype of a precision name: "fp32" (none: autocast off), "bf16" or "fp16"; anything
// else is an error naming the accepted values.
std::optional<at::ScalarType> autocast_dtype(const std::string& precision);

// Autocast on `device_type` with `dtype` for this thread while the guard lives (nothing with
// nullopt); restores the previous state and clears autocast's weight cache when it ends.
class AutocastGuard {
 public:
  AutocastGuard(c10::DeviceType device_type, std::optional<at::ScalarType> dtype);
  ~AutocastGuard();
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  c10::DeviceType device_type_;
  bool active_ = false, previous_enabled_ = false;
  at::ScalarType previous_dtype_ = at::kFloat;
};

// `t` in float32 when it is float16 or bfloat16 (differentiably), else `t`.
torch::Tensor to_float32(const torch::Tensor& t);
std::vector<torch::Tensor> to_float32(const std::vector<torch::Tensor>& ts);

}  // namespace mmdet4j::core
