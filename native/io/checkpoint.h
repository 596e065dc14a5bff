#pragma once
// Weights in and out of PyTorch's file format.
//
// load_weights reads a file written by Python's torch.save: a plain state_dict, mmdetection's
// {'meta', 'state_dict', 'optimizer'} or torchvision's ImageNet ResNet (no "backbone." prefix:
// mapped into the model's backbone). save_checkpoint writes {'meta': {...}, 'state_dict': {...}}
// that torch.load reads back; the write is atomic (temporary file, fsync, rename).

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>

#include "train/optimizer_state.h"

namespace mmdet4j::io {

struct LoadReport {
  std::vector<std::string> missing, unexpected, mismatched;  // mismatched: "key: file [..] vs model [..]"
  int64_t loaded = 0;
  bool clean() const { return missing.empty() && unexpected.empty() && mismatched.empty(); }
  std::string to_string() const;
};

struct LoadedCheckpoint {
  LoadReport report;
  std::optional<std::string> meta;                      // the 'meta' entry as JSON (io/checkpoint_meta.h)
  // The momentum buffers of 'optimizer', by parameter name: from torch.optim's layout (groups
  // with 'param_names', as mmdet4j writes them) or from the {'momentum_buffer': {name: T}} of
  // earlier mmdet4j checkpoints.
  std::map<std::string, at::Tensor> momentum_buffers;
};

// Loads what matches; with strict, any missing, unexpected or mismatched key is an error naming
// them all (and nothing is loaded).
LoadedCheckpoint load_checkpoint(torch::nn::Module& model, const std::string& path, bool strict);

// Writes {'meta': meta, 'state_dict': {...}} plus, when given, 'optimizer' in torch.optim's
// state_dict() layout (train/optimizer_state.h); a JSON object meta becomes a dict, as mmcv
// writes it.
void save_checkpoint(const torch::nn::Module& model, const std::string& path, const std::string& meta,
                     const train::OptimizerState* optimizer);

// Writes `value` (dicts, lists, strings, numbers, tensors) in torch.save's format, readable by
// torch.load(weights_only=True); atomic like save_checkpoint.
void write_pth(const std::string& path, const c10::IValue& value);

}  // namespace mmdet4j::io
