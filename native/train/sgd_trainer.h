#pragma once
// The training step: forward, loss, backward, gradient clipping by norm and an SGD update with
// momentum, weight decay and mmdetection's paramwise_cfg (no decay on norm layers and biases when
// norm_decay_mult / bias_decay_mult are 0). One call per iteration.

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>

#include "core/options.h"

namespace mmdet4j::train {

struct StepResult {
  std::map<std::string, double> losses;  // each named loss and "loss", their sum
  double grad_norm = 0;                  // total 2-norm before clipping (0 when clipping is off)
};

class SgdTrainer {
 public:
  // optimizer: lr, momentum, weight_decay, paramwise_cfg.{norm,bias}_decay_mult;
  // grad_clip: max_norm, norm_type (absent: no clipping).
  SgdTrainer(torch::nn::Module& model, const Options& optimizer, const Options& grad_clip);

  // Backpropagates the sum of `losses` and applies one update.
  StepResult step(const std::map<std::string, torch::Tensor>& losses);

  void set_lr(double lr);       // for every parameter group
  void set_momentum(double m);
  double lr() const;
  torch::optim::SGD& optimizer() { return *optimizer_; }

 private:
  std::vector<torch::Tensor> params_;
  std::unique_ptr<torch::optim::SGD> optimizer_;
  double max_norm_ = -1, norm_type_ = 2;
};

}  // namespace mmdet4j::train
