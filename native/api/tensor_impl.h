#pragma once
// Internal: the at::Tensor behind mmdet4j::api::Tensor, and the error translation used by every
// facade function.

#include <ATen/ATen.h>

#include <stdexcept>
#include <utility>

#include "mmdet4j/tensor.h"

namespace mmdet4j::api {

struct Tensor::Impl {
  at::Tensor tensor;
};

inline Tensor wrap(at::Tensor t) { return Tensor(std::make_shared<Tensor::Impl>(Tensor::Impl{std::move(t)})); }

// Undefined handles become undefined tensors (optional arguments).
inline const at::Tensor& unwrap(const Tensor& t) {
  static const at::Tensor undefined;
  return t.impl() ? t.impl()->tensor : undefined;
}

// Runs `body`, turning LibTorch's c10::Error into std::invalid_argument with the message but not
// the C++ backtrace (JavaCPP turns std::exception into a Java RuntimeException with what()).
template <typename Body>
auto guarded(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const c10::Error& e) {
    throw std::invalid_argument(e.what_without_backtrace());
  }
}

}  // namespace mmdet4j::api
