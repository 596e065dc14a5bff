#pragma once
// Reads files written by Python's torch.save without Python: the zip format of PyTorch >= 1.6 and
// the older format (_use_new_zipfile_serialization=False).
//
// LibTorch's own torch::pickle_load turns collections.OrderedDict into None, so it cannot read a
// state_dict saved from Python. This reader runs the subset of the pickle machine that torch.save
// produces (protocols 2-4): containers, scalars, strings, OrderedDict, tensors rebuilt from their
// storages (torch._utils._rebuild_tensor_v2 / _rebuild_parameter). Any other global (numpy
// scalars in an mmdetection 'meta', say) becomes an opaque value: it is kept out of the way, never
// executed.

#include <ATen/ATen.h>

#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace mmdet4j::io {

struct PyValue;
using PyRef = std::shared_ptr<PyValue>;

struct PyValue {
  enum class Kind { kNone, kBool, kInt, kFloat, kString, kBytes, kList, kTuple, kDict, kTensor, kGlobal, kOpaque };
  Kind kind = Kind::kNone;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;                                // string, bytes, or "module.name" of a global
  std::vector<PyRef> items;                     // list, tuple
  std::vector<std::pair<PyRef, PyRef>> entries;  // dict, in insertion order
  at::Tensor tensor;

  // The value of `key` in a dict with string keys, or null.
  PyRef get(const std::string& key) const;
};

// Reads `path`; errors (neither format, truncated, unsupported opcode) name the file.
PyRef read_pth(const std::string& path);

}  // namespace mmdet4j::io
