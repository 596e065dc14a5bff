// LibTorch settings applied once when the library loads, before any tensor op runs through it.
//
// NNPACK: on CPUs it does not support (these x86 servers among them), LibTorch's convolution
// still asks for it whenever a batch has 16 or more items — a mask head's convolutions over the
// RoIs of an image do — and every time the failed initialisation prints "Could not initialize
// NNPACK! Reason: Unsupported hardware." to stderr: about ten lines per Mask R-CNN detect call,
// a flood in a Java service's log. Turned off, LibTorch goes straight to oneDNN or its own kernels,
// which it chooses in that case anyway.

#include <ATen/Context.h>

namespace mmdet4j::core {
namespace {

bool apply_torch_settings() {
  at::globalContext().setUserEnabledNNPACK(false);
  return true;
}

[[maybe_unused]] const bool kApplied = apply_torch_settings();

}  // namespace
}  // namespace mmdet4j::core
