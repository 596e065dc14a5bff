#pragma once
// The training step: forward, loss, backward, gradient clipping by norm and an SGD update with
// momentum, weight decay and mmdetection's paramwise_cfg (parameter groups for plain weights,
// norm layers and biases, with decay multipliers), and loss scaling for mixed precision. One call
// per iteration; a non-finite loss or gradient norm leaves weights and optimizer state untouched.

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/options.h"
#include "train/loss_scaler.h"
#include "train/optimizer_state.h"

namespace mmdet4j::train {

// mmdetection's parse_losses: entries named "*loss*" are summed and optimised; others (acc) are
// only logged.
inline bool is_optimised(const std::string& name) { return name.find("loss") != std::string::npos; }

struct StepResult {
  std::map<std::string, double> losses;  // each named loss and "loss", their sum
  double grad_norm = 0;                  // total norm of the gradients before clipping
  bool updated = false;                  // false when the loss or the gradient norm was not finite
  double loss_scale = 0;                 // the scale this step's loss was multiplied by; 0 without one
  bool overflow = false;                 // finite loss, gradients overflowed at the scale: skipped
};

class SgdTrainer {
 public:
  // optimizer: type (SGD), lr, momentum, weight_decay, nesterov,
  // paramwise_cfg.{norm,bias}_decay_mult, paramwise_cfg.bias_lr_mult.
  SgdTrainer(torch::nn::Module& model, const Options& optimizer);

  StepResult step(const std::map<std::string, torch::Tensor>& losses);

  void set_grad_clip(double max_norm, double norm_type);  // max_norm <= 0: no clipping
  // Scales losses before backward (mixed precision); a disabled scaler turns scaling off.
  void set_loss_scaler(const LossScaler& scaler) { scaler_ = scaler; }
  LossScaler& loss_scaler() { return scaler_; }
  int64_t num_groups() const { return static_cast<int64_t>(initial_lrs_.size()); }
  const std::vector<double>& initial_lrs() const { return initial_lrs_; }
  void set_lrs(const std::vector<double>& lrs);
  std::vector<double> lrs() const;
  void set_momentum(double m);

  // Momentum buffers by parameter name, for checkpoints.
  std::map<std::string, torch::Tensor> momentum_buffers() const;
  void load_momentum_buffers(const std::map<std::string, torch::Tensor>& buffers);
  // The groups and buffers as a checkpoint writes them (torch.optim's layout).
  OptimizerState state() const;

 private:
  std::vector<std::string> names_;
  std::vector<torch::Tensor> params_;
  std::vector<double> initial_lrs_;
  std::unique_ptr<torch::optim::SGD> optimizer_;
  double max_norm_ = -1, norm_type_ = 2;
  LossScaler scaler_;
};

}  // namespace mmdet4j::train
