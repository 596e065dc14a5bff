#pragma once
// Weights in and out of PyTorch's file format.
//
// load_weights reads a file written by Python's torch.save: a plain state_dict, mmdetection's
// {'meta', 'state_dict', 'optimizer'} or torchvision's ImageNet ResNet (no "backbone." prefix:
// mapped into the model's backbone). save_checkpoint writes {'meta': {...}, 'state_dict': {...}}
// that torch.load reads back; the write is atomic (temporary file, fsync, rename).

#include <torch/torch.h>

#include <map>
#include <string>

namespace mmdet4j::io {

struct LoadReport {
  std::vector<std::string> missing, unexpected, mismatched;  // mismatched: "key: file [..] vs model [..]"
  int64_t loaded = 0;
  bool clean() const { return missing.empty() && unexpected.empty() && mismatched.empty(); }
  std::string to_string() const;
};

// Loads what matches; with strict, any missing, unexpected or mismatched key is an error naming
// them all (and nothing is loaded).
LoadReport load_weights(torch::nn::Module& model, const std::string& path, bool strict);

void save_checkpoint(const torch::nn::Module& model, const std::string& path,
                     const std::map<std::string, std::string>& meta);

}  // namespace mmdet4j::io
