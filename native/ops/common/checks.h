#pragma once
// Argument checks shared by the op launchers (CPU and CUDA). Each failure is a c10::Error whose
// message names the op and the argument, so that Python and Java callers see what was wrong.

#include <ATen/ATen.h>

#include <optional>

namespace mmdet4j::ops::detail {

// (N, 4) floating-point boxes in (x1, y1, x2, y2), finite, with x2 >= x1 and y2 >= y1.
void check_boxes(const at::Tensor& boxes, const char* op, const char* name);

// (K, 5) RoIs (batch_index, x1, y1, x2, y2) for a feature map batch of `batch_size` images.
void check_rois(const at::Tensor& rois, int64_t batch_size, const char* op);

// A 1-D tensor of `length` finite floating-point values.
void check_scores(const at::Tensor& scores, int64_t length, const char* op, const char* name);

void check_same_device(const at::Tensor& a, const at::Tensor& b, const char* op);

void check_threshold(double value, const char* op, const char* name);

// Whether an optional tensor argument was given.
inline bool has(const std::optional<at::Tensor>& t) { return t.has_value() && t->defined(); }

}  // namespace mmdet4j::ops::detail
