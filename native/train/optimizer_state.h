#pragma once
// An SGD optimizer's state as checkpoints carry it, in torch.optim's state_dict() layout: the
// parameter groups in order (their hyperparameters and their parameters' names) and each
// parameter's momentum buffer. Written as {'state': {index: {'momentum_buffer': T}},
// 'param_groups': [{'lr', 'momentum', 'dampening', 'weight_decay', 'nesterov', ..., 'params':
// [index, ...], 'param_names': [name, ...]}]}, so that torch.optim.SGD.load_state_dict restores it.

#include <ATen/ATen.h>

#include <map>
#include <string>
#include <vector>

namespace mmdet4j::train {

struct OptimizerState {
  struct Group {
    std::vector<std::string> params;  // parameter names, in the group's order
    double lr = 0, momentum = 0, dampening = 0, weight_decay = 0;
    bool nesterov = false;
  };
  std::vector<Group> groups;
  std::map<std::string, at::Tensor> momentum_buffers;  // by parameter name
};

}  // namespace mmdet4j::train
