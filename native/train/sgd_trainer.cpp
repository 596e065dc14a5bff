#include "train/sgd_trainer.h"

#include <cmath>

namespace mmdet4j::train {

SgdTrainer::SgdTrainer(torch::nn::Module& model, const Options& opt, const Options& grad_clip) {
  const auto type = opt.get_string("type", "SGD");
  TORCH_CHECK(type == "SGD", "optimizer: only SGD is implemented natively, got '", type, "'");
  const double lr = opt.get_double("lr", 0.01), momentum = opt.get_double("momentum", 0.9);
  const double wd = opt.get_double("weight_decay", 1e-4);
  const double norm_mult = opt.get_double("paramwise_cfg.norm_decay_mult", 1.0);
  const double bias_mult = opt.get_double("paramwise_cfg.bias_decay_mult", 1.0);
  // Group parameters by their weight-decay multiplier (mmcv's DefaultOptimizerConstructor).
  std::vector<torch::Tensor> plain, norms, biases;
  for (const auto& m : model.named_modules()) {
    const bool is_norm = m.value()->as<torch::nn::BatchNorm2d>() != nullptr;
    for (const auto& p : m.value()->named_parameters(/*recurse=*/false)) {
      if (!p.value().requires_grad()) continue;
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
  auto group = [&](std::vector<torch::Tensor> params, double mult) {
    return torch::optim::OptimizerParamGroup(
        std::move(params), std::make_unique<torch::optim::SGDOptions>(
                               torch::optim::SGDOptions(lr).momentum(momentum).weight_decay(wd * mult)));
  };
  std::vector<torch::optim::OptimizerParamGroup> groups;
  if (!plain.empty()) groups.push_back(group(plain, 1.0));
  if (!norms.empty()) groups.push_back(group(norms, norm_mult));
  if (!biases.empty()) groups.push_back(group(biases, bias_mult));
  TORCH_CHECK(!groups.empty(), "optimizer: the model has no trainable parameters");
  optimizer_ = std::make_unique<torch::optim::SGD>(std::move(groups), torch::optim::SGDOptions(lr));
  max_norm_ = grad_clip.get_double("max_norm", -1);
  norm_type_ = grad_clip.get_double("norm_type", 2);
}

StepResult SgdTrainer::step(const std::map<std::string, torch::Tensor>& losses) {
  StepResult r;
  torch::Tensor total;
  for (const auto& [name, value] : losses) {
    total = total.defined() ? total + value : value;
    r.losses[name] = value.item<double>();
  }
  TORCH_CHECK(total.defined(), "training step: the model returned no loss");
  r.losses["loss"] = total.item<double>();
  optimizer_->zero_grad();
  total.backward();
  if (max_norm_ > 0) r.grad_norm = torch::nn::utils::clip_grad_norm_(params_, max_norm_, norm_type_);
  optimizer_->step();
  return r;
}

void SgdTrainer::set_lr(double lr) {
  for (auto& g : optimizer_->param_groups()) static_cast<torch::optim::SGDOptions&>(g.options()).lr(lr);
}

void SgdTrainer::set_momentum(double m) {
  for (auto& g : optimizer_->param_groups()) static_cast<torch::optim::SGDOptions&>(g.options()).momentum(m);
}

double SgdTrainer::lr() const {
  return static_cast<const torch::optim::SGDOptions&>(optimizer_->param_groups().front().options()).lr();
}

}  // namespace mmdet4j::train
