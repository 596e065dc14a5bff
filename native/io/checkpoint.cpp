#include "io/checkpoint.h"

#include <torch/serialize.h>

#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace mmdet4j::io {
namespace {

std::vector<char> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  TORCH_CHECK(in.good(), "cannot open checkpoint '", path, "'");
  return std::vector<char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The state_dict inside whatever torch.save wrote.
c10::Dict<c10::IValue, c10::IValue> state_dict_of(const c10::IValue& root, const std::string& path) {
  TORCH_CHECK(root.isGenericDict(), "checkpoint '", path, "' does not hold a dict (found ", root.tagKind(), ")");
  auto dict = root.toGenericDict();
  for (const char* key : {"state_dict", "model"}) {
    if (dict.contains(key) && dict.at(key).isGenericDict()) return dict.at(key).toGenericDict();
  }
  return dict;
}

std::string shape(at::IntArrayRef s) {
  std::ostringstream o;
  o << s;
  return o.str();
}

}  // namespace

std::string LoadReport::to_string() const {
  std::ostringstream o;
  o << loaded << " tensors loaded";
  auto list = [&](const char* what, const std::vector<std::string>& keys) {
    if (keys.empty()) return;
    o << "; " << keys.size() << " " << what << ": ";
    for (size_t i = 0; i < keys.size() && i < 20; ++i) o << (i ? ", " : "") << keys[i];
    if (keys.size() > 20) o << ", ...";
  };
  list("missing keys", missing);
  list("unexpected keys", unexpected);
  list("shape mismatches", mismatched);
  return o.str();
}

LoadedCheckpoint load_checkpoint(torch::nn::Module& model, const std::string& path, bool strict) {
  c10::IValue root;
  try {
    root = torch::pickle_load(read_file(path));
  } catch (const c10::Error& e) {
    TORCH_CHECK(false, "checkpoint '", path, "' is not a readable PyTorch file: ", e.what_without_backtrace());
  }
  auto file = state_dict_of(root, path);
  LoadedCheckpoint loaded;
  if (root.isGenericDict()) {
    auto top = root.toGenericDict();
    if (top.contains("meta") && top.at("meta").isString()) loaded.meta = top.at("meta").toStringRef();
    if (top.contains("optimizer") && top.at("optimizer").isGenericDict()) {
      auto opt = top.at("optimizer").toGenericDict();
      if (opt.contains("momentum_buffer") && opt.at("momentum_buffer").isGenericDict()) {
        for (const auto& item : opt.at("momentum_buffer").toGenericDict()) {
          if (item.key().isString() && item.value().isTensor()) {
            loaded.momentum_buffers[item.key().toStringRef()] = item.value().toTensor();
          }
        }
      }
    }
  }
  std::map<std::string, at::Tensor> entries;
  for (const auto& item : file) {
    if (!item.key().isString() || !item.value().isTensor()) continue;
    std::string key = item.key().toStringRef();
    if (key.rfind("module.", 0) == 0) key = key.substr(7);  // saved from DataParallel
    entries[key] = item.value().toTensor();
  }
  TORCH_CHECK(!entries.empty(), "checkpoint '", path, "' holds no tensors");

  std::map<std::string, at::Tensor> targets;
  for (const auto& p : model.named_parameters()) targets[p.key()] = p.value();
  for (const auto& b : model.named_buffers()) targets[b.key()] = b.value();
  // A bare backbone checkpoint (torchvision's ImageNet ResNet) goes into "backbone.".
  bool any_prefixed = false;
  for (const auto& [k, v] : entries) any_prefixed |= targets.count(k) > 0;
  if (!any_prefixed && model.named_children().contains("backbone")) {
    std::map<std::string, at::Tensor> renamed;
    for (auto& [k, v] : entries) renamed["backbone." + k] = v;
    entries.swap(renamed);
    for (auto it = targets.begin(); it != targets.end();) {  // only the backbone is expected
      it = it->first.rfind("backbone.", 0) == 0 ? std::next(it) : targets.erase(it);
    }
  }

  LoadReport& report = loaded.report;
  for (const auto& [k, v] : targets) {
    auto it = entries.find(k);
    if (it == entries.end()) {
      report.missing.push_back(k);
    } else if (it->second.sizes() != v.sizes()) {
      report.mismatched.push_back(k + ": file " + shape(it->second.sizes()) + " vs model " + shape(v.sizes()));
    }
  }
  for (const auto& [k, v] : entries) {
    if (!targets.count(k)) report.unexpected.push_back(k);
  }
  TORCH_CHECK(!strict || report.clean(), "checkpoint '", path, "' does not match the model: ", report.to_string());
  torch::NoGradGuard no_grad;
  for (auto& [k, v] : targets) {
    auto it = entries.find(k);
    if (it == entries.end() || it->second.sizes() != v.sizes()) continue;
    v.copy_(it->second.to(v.dtype()));
    ++report.loaded;
  }
  return loaded;
}

void save_checkpoint(const torch::nn::Module& model, const std::string& path, const std::string& meta,
                     const std::map<std::string, at::Tensor>* momentum_buffers) {
  c10::Dict<std::string, at::Tensor> state;
  for (const auto& p : model.named_parameters()) state.insert(p.key(), p.value().detach().cpu());
  for (const auto& b : model.named_buffers()) state.insert(b.key(), b.value().detach().cpu());
  c10::impl::GenericDict root(c10::StringType::get(), c10::AnyType::get());
  root.insert("meta", meta);
  root.insert("state_dict", state);
  if (momentum_buffers) {
    c10::Dict<std::string, at::Tensor> buffers;
    for (const auto& [k, v] : *momentum_buffers) buffers.insert(k, v.detach().cpu());
    c10::impl::GenericDict optimizer(c10::StringType::get(), c10::AnyType::get());
    optimizer.insert("momentum_buffer", buffers);
    root.insert("optimizer", optimizer);
  }
  const std::vector<char> bytes = torch::pickle_save(c10::IValue(root));

  // Atomic: a crash leaves either the old file or the new one, never a torn one.
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  TORCH_CHECK(fd >= 0, "cannot write checkpoint '", tmp, "'");
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      TORCH_CHECK(false, "writing checkpoint '", tmp, "' failed");
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  TORCH_CHECK(synced && std::rename(tmp.c_str(), path.c_str()) == 0, "cannot move checkpoint into place at '",
              path, "'");
}

}  // namespace mmdet4j::io
