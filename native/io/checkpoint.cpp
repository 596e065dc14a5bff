#include "io/checkpoint.h"

#include "io/checkpoint_meta.h"
#include "io/pth_reader.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/export.h>
#include <torch/csrc/jit/serialization/pickler.h>
#include <torch/serialize.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace mmdet4j::io {
namespace {

// The dict of parameter tensors inside whatever torch.save wrote.
PyRef state_dict_of(const PyRef& root, const std::string& path) {
  TORCH_CHECK(root && root->kind == PyValue::Kind::kDict, "checkpoint '", path, "' does not hold a dict");
  for (const char* key : {"state_dict", "model"}) {
    auto inner = root->get(key);
    if (inner && inner->kind == PyValue::Kind::kDict) return inner;
  }
  return root;
}

// torch::pickle_save, but without the type tags it adds to dicts and lists: those need
// torch.jit._pickle.restore_type_tag, which torch.load(weights_only=True), the default since
// PyTorch 2.6, refuses. The file is then what Python's torch.save writes for plain dicts.
std::vector<char> pickle_save_plain(const c10::IValue& value) {
  std::vector<char> pickled;
  torch::jit::Pickler pickler([&](const char* bytes, size_t n) { pickled.insert(pickled.end(), bytes, bytes + n); },
                              /*tensor_table=*/nullptr, /*type_renamer=*/nullptr, /*memoized_class_types=*/nullptr,
                              /*get_tensor_id=*/nullptr, /*tag_aggregates=*/false);
  pickler.protocol();
  pickler.pushIValue(value);
  pickler.stop();
  std::vector<char> container;
  {
    caffe2::serialize::PyTorchStreamWriter writer([&](const void* bytes, size_t n) {
      const char* p = static_cast<const char*>(bytes);
      container.insert(container.end(), p, p + n);
      return n;
    });
    torch::jit::writeArchiveAndTensors("data", pickled.data(), pickled.size(), pickler.tensorData(), writer);
  }  // the writer completes the zip archive when it goes out of scope
  return container;
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

namespace {

// The momentum buffers of a checkpoint's 'optimizer' by parameter name (see LoadedCheckpoint).
std::map<std::string, at::Tensor> momentum_buffers_of(const PyValue& optimizer) {
  std::map<std::string, at::Tensor> out;
  if (auto legacy = optimizer.get("momentum_buffer"); legacy && legacy->kind == PyValue::Kind::kDict) {
    for (const auto& [k, v] : legacy->entries) {
      if (k->kind == PyValue::Kind::kString && v->kind == PyValue::Kind::kTensor) out[k->s] = v->tensor;
    }
    return out;
  }
  auto state = optimizer.get("state"), groups = optimizer.get("param_groups");
  if (!state || state->kind != PyValue::Kind::kDict || !groups || groups->kind != PyValue::Kind::kList) return out;
  std::map<int64_t, at::Tensor> by_index;
  for (const auto& [k, v] : state->entries) {
    if (k->kind != PyValue::Kind::kInt || v->kind != PyValue::Kind::kDict) continue;
    if (auto buffer = v->get("momentum_buffer"); buffer && buffer->kind == PyValue::Kind::kTensor) {
      by_index[k->i] = buffer->tensor;
    }
  }
  for (const auto& group : groups->items) {
    auto params = group->get("params"), names = group->get("param_names");
    if (!params || !names || params->items.size() != names->items.size()) continue;  // unnamed: cannot map
    for (size_t i = 0; i < params->items.size(); ++i) {
      auto it = by_index.find(params->items[i]->i);
      if (it != by_index.end()) out[names->items[i]->s] = it->second;
    }
  }
  return out;
}

// torch.optim.SGD's state_dict() for `state`: parameters numbered in group order.
c10::impl::GenericDict optimizer_value(const train::OptimizerState& state) {
  c10::impl::GenericDict per_param(c10::IntType::get(), c10::AnyType::get());
  c10::impl::GenericList groups(c10::AnyType::get());
  int64_t index = 0;
  for (const auto& g : state.groups) {
    // Lists of any element type: the pickler writes typed int lists as a TorchScript global,
    // which torch.load(weights_only=True) refuses.
    c10::impl::GenericList params(c10::AnyType::get()), names(c10::AnyType::get());
    for (const auto& name : g.params) {
      if (auto it = state.momentum_buffers.find(name); it != state.momentum_buffers.end()) {
        c10::Dict<std::string, at::Tensor> s;
        s.insert("momentum_buffer", it->second.detach().cpu());
        per_param.insert(index, s);
      }
      params.push_back(c10::IValue(index++));
      names.push_back(c10::IValue(name));
    }
    c10::impl::GenericDict group(c10::StringType::get(), c10::AnyType::get());
    group.insert("lr", g.lr);
    group.insert("momentum", g.momentum);
    group.insert("dampening", g.dampening);
    group.insert("weight_decay", g.weight_decay);
    group.insert("nesterov", g.nesterov);
    group.insert("maximize", false);
    group.insert("foreach", c10::IValue());
    group.insert("differentiable", false);
    group.insert("fused", c10::IValue());
    group.insert("params", params);
    group.insert("param_names", names);
    groups.push_back(group);
  }
  c10::impl::GenericDict optimizer(c10::StringType::get(), c10::AnyType::get());
  optimizer.insert("state", per_param);
  optimizer.insert("param_groups", groups);
  return optimizer;
}

}  // namespace

LoadedCheckpoint load_checkpoint(torch::nn::Module& model, const std::string& path, bool strict) {
  auto root = read_pth(path);
  auto file = state_dict_of(root, path);
  LoadedCheckpoint loaded;
  loaded.meta = meta_text(root->get("meta"));
  if (auto opt = root->get("optimizer"); opt && opt->kind == PyValue::Kind::kDict) {
    loaded.momentum_buffers = momentum_buffers_of(*opt);
  }
  std::map<std::string, at::Tensor> entries;
  for (const auto& [k, v] : file->entries) {
    if (k->kind != PyValue::Kind::kString || v->kind != PyValue::Kind::kTensor) continue;
    std::string key = k->s;
    if (key.rfind("module.", 0) == 0) key = key.substr(7);  // saved from DataParallel
    entries[key] = v->tensor;
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
                     const train::OptimizerState* optimizer) {
  c10::Dict<std::string, at::Tensor> state;
  for (const auto& p : model.named_parameters()) state.insert(p.key(), p.value().detach().cpu());
  for (const auto& b : model.named_buffers()) state.insert(b.key(), b.value().detach().cpu());
  c10::impl::GenericDict root(c10::StringType::get(), c10::AnyType::get());
  root.insert("meta", meta_value(meta));
  root.insert("state_dict", state);
  if (optimizer) root.insert("optimizer", optimizer_value(*optimizer));
  write_pth(path, c10::IValue(root));
}

void write_pth(const std::string& path, const c10::IValue& value) {
  const std::vector<char> bytes = pickle_save_plain(value);

  // Atomic: a crash leaves either the old file or the new one, never a torn one. A failed write
  // (a full disk, a read-only folder) removes its temporary file and names the cause.
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  TORCH_CHECK(fd >= 0, "cannot write checkpoint '", tmp, "': ", std::strerror(errno));
  // Removes the temporary file and throws, naming the step and errno's cause.
  const auto fail = [&tmp](const char* step, int open_fd) {
    const std::string cause = std::strerror(errno);
    if (open_fd >= 0) ::close(open_fd);
    ::unlink(tmp.c_str());
    TORCH_CHECK(false, step, " checkpoint '", tmp, "' failed: ", cause);
  };
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;  // a zero-byte write of a non-empty buffer: no room left
      fail("writing", fd);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) fail("syncing", fd);
  // close reports the errors of delayed writes (NFS and the like).
  if (::close(fd) != 0) fail("closing", -1);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string cause = std::strerror(errno);
    ::unlink(tmp.c_str());
    TORCH_CHECK(false, "cannot move checkpoint into place at '", path, "': ", cause);
  }
}

}  // namespace mmdet4j::io
