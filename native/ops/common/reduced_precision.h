#pragma once
// float16 and bfloat16 arguments of the ops. The kernels compute in float32 or float64; a
// reduced-precision argument goes to them converted to float32, and a floating result comes back
// in the argument's dtype. The sums of RoIAlign's samples, NMS's IoU comparisons and the focal
// loss's logarithms thus keep float32's precision, and each op's half-precision result equals its
// float32 result rounded to the dtype (torchvision's autocast wrappers do the same around its ops).

#include <ATen/ATen.h>

#include <optional>

namespace mmdet4j::ops::detail {

inline bool is_reduced_float(const at::Tensor& t) {
  return t.defined() && (t.scalar_type() == at::kHalf || t.scalar_type() == at::kBFloat16);
}

// `t` in float32 when it is float16 or bfloat16, else `t` itself.
inline at::Tensor to_compute_dtype(const at::Tensor& t) { return is_reduced_float(t) ? t.to(at::kFloat) : t; }

// The same for an optional argument (none stays none).
inline std::optional<at::Tensor> to_compute_dtype(const std::optional<at::Tensor>& t) {
  if (!t.has_value() || !t->defined()) return std::nullopt;
  return to_compute_dtype(*t);
}

}  // namespace mmdet4j::ops::detail
