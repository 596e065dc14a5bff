#include "train/sgd_trainer.h"

#include <cmath>
#include <limits>

namespace mmdet4j::train {

SgdTrainer::SgdTrainer(torch::nn::Module& model, const Options& opt) {
  const auto type = opt.get_string("type", "SGD");
  TORCH_CHECK(type == "SGD", "optimizer: only SGD is implemented natively, got '", type, "'");
  const double lr = opt.get_double("lr", 0.01), momentum = opt.get_double("momentum", 0.9);
  const double wd = opt.get_double("weight_decay", 1e-4);
  const bool nesterov = opt.get_bool("nesterov", false);
  const double norm_mult = opt.get_double("paramwise_cfg.norm_decay_mult", 1.0);
  const double bias_mult = opt.get_double("paramwise_cfg.bias_decay_mult", 1.0);
  const double bias_lr_mult = opt.get_double("paramwise_cfg.bias_lr_mult", 1.0);
  // Group parameters as mmcv's DefaultOptimizerConstructor distinguishes them.
  std::vector<torch::Tensor> plain, norms, biases;
  for (const auto& m : model.named_modules()) {
    const bool is_norm = m.value()->as<torch::nn::BatchNorm2d>() != nullptr;
    for (const auto& p : m.value()->named_parameters(/*recurse=*/false)) {
      if (!p.value().requires_grad()) continue;
      names_.push_back(m.key().empty() ? p.key() : m.key() + "." + p.key());
      params_.push_back(p.value());
      if (is_norm) {
        norms.push_back(p.value());
      } else if (p.key() == "bias") {
        biases.push_back(p.value());
      } else {
        plain.push_back(p.value());
      }
    }
  }
  std::vector<torch::optim::OptimizerParamGroup> groups;
  auto add = [&](std::vector<torch::Tensor> params, double lr_mult, double decay_mult) {
    if (params.empty()) return;
    initial_lrs_.push_back(lr * lr_mult);
    groups.emplace_back(std::move(params), std::make_unique<torch::optim::SGDOptions>(
                                               torch::optim::SGDOptions(lr * lr_mult)
                                                   .momentum(momentum)
                                                   .nesterov(nesterov)
                                                   .weight_decay(wd * decay_mult)));
  };
  add(plain, 1.0, 1.0);
  add(norms, 1.0, norm_mult);
  add(biases, bias_lr_mult, bias_mult);
  TORCH_CHECK(!groups.empty(), "optimizer: the model has no trainable parameters");
  optimizer_ = std::make_unique<torch::optim::SGD>(std::move(groups), torch::optim::SGDOptions(lr));
}

StepResult SgdTrainer::step(const std::map<std::string, torch::Tensor>& losses) {
  StepResult r;
  torch::Tensor total;
  for (const auto& [name, value] : losses) {
    r.losses[name] = value.item<double>();
    if (!is_optimised(name)) continue;
    total = total.defined() ? total + value : value;
  }
  TORCH_CHECK(total.defined(), "training step: the model returned no loss");
  r.losses["loss"] = total.item<double>();
  optimizer_->zero_grad();
  if (!std::isfinite(r.losses["loss"])) return r;
  const double scale = scaler_.scale();
  if (scaler_.enabled()) r.loss_scale = scale;
  (scaler_.enabled() ? total * scale : total).backward();
  if (scaler_.enabled()) {
    // Unscaled before clipping, as GradScaler.unscale_: clipping and the update see true gradients.
    torch::NoGradGuard no_grad;
    for (auto& p : params_) {
      if (p.grad().defined()) p.grad().mul_(1.0 / scale);
    }
  }
  // The norm is always measured (for the log); infinity as max_norm leaves gradients as they are.
  const double max_norm = max_norm_ > 0 ? max_norm_ : std::numeric_limits<double>::infinity();
  r.grad_norm = torch::nn::utils::clip_grad_norm_(params_, max_norm, norm_type_);
  const bool found_inf = !std::isfinite(r.grad_norm);
  scaler_.update(found_inf);
  if (found_inf) {
    r.overflow = scaler_.enabled();
    optimizer_->zero_grad();
    return r;
  }
  optimizer_->step();
  r.updated = true;
  return r;
}

void SgdTrainer::set_grad_clip(double max_norm, double norm_type) {
  TORCH_CHECK(std::isfinite(norm_type) && norm_type > 0, "grad_clip: norm_type must be positive");
  max_norm_ = max_norm;
  norm_type_ = norm_type;
}

void SgdTrainer::set_lrs(const std::vector<double>& lrs) {
  TORCH_CHECK(static_cast<int64_t>(lrs.size()) == num_groups(), "expected ", num_groups(),
              " learning rates (one per parameter group), got ", lrs.size());
  for (size_t i = 0; i < lrs.size(); ++i) {
    TORCH_CHECK(std::isfinite(lrs[i]) && lrs[i] >= 0, "learning rate must be >= 0, got ", lrs[i]);
    static_cast<torch::optim::SGDOptions&>(optimizer_->param_groups()[i].options()).lr(lrs[i]);
  }
}

std::vector<double> SgdTrainer::lrs() const {
  std::vector<double> out;
  for (const auto& g : optimizer_->param_groups()) {
    out.push_back(static_cast<const torch::optim::SGDOptions&>(g.options()).lr());
  }
  return out;
}

void SgdTrainer::set_momentum(double m) {
  TORCH_CHECK(std::isfinite(m) && m >= 0, "momentum must be >= 0, got ", m);
  for (auto& g : optimizer_->param_groups()) static_cast<torch::optim::SGDOptions&>(g.options()).momentum(m);
}

std::map<std::string, torch::Tensor> SgdTrainer::momentum_buffers() const {
  std::map<std::string, torch::Tensor> out;
  const auto& state = optimizer_->state();
  for (size_t i = 0; i < params_.size(); ++i) {
    auto it = state.find(params_[i].unsafeGetTensorImpl());
    if (it == state.end()) continue;
    const auto& s = static_cast<const torch::optim::SGDParamState&>(*it->second);
    if (s.momentum_buffer().defined()) out[names_[i]] = s.momentum_buffer();
  }
  return out;
}

OptimizerState SgdTrainer::state() const {
  std::map<const c10::TensorImpl*, std::string> name_of;
  for (size_t i = 0; i < params_.size(); ++i) name_of[params_[i].unsafeGetTensorImpl()] = names_[i];
  OptimizerState out;
  for (const auto& g : optimizer_->param_groups()) {
    const auto& o = static_cast<const torch::optim::SGDOptions&>(g.options());
    OptimizerState::Group group;
    group.lr = o.lr(), group.momentum = o.momentum(), group.dampening = o.dampening();
    group.weight_decay = o.weight_decay(), group.nesterov = o.nesterov();
    for (const auto& p : g.params()) group.params.push_back(name_of.at(p.unsafeGetTensorImpl()));
    out.groups.push_back(std::move(group));
  }
  out.momentum_buffers = momentum_buffers();
  return out;
}

void SgdTrainer::load_momentum_buffers(const std::map<std::string, torch::Tensor>& buffers) {
  auto& state = optimizer_->state();
  state.clear();
  for (size_t i = 0; i < params_.size(); ++i) {
    auto it = buffers.find(names_[i]);
    if (it == buffers.end()) continue;
    TORCH_CHECK(it->second.sizes() == params_[i].sizes(), "optimizer state for ", names_[i], " has shape ",
                it->second.sizes(), ", parameter has ", params_[i].sizes());
    auto s = std::make_unique<torch::optim::SGDParamState>();
    s->momentum_buffer(it->second.to(params_[i].options()).clone());
    state[params_[i].unsafeGetTensorImpl()] = std::move(s);
  }
}

}  // namespace mmdet4j::train
