#include "models/necks/fpn.h"

namespace mmdet4j::models {

ConvModuleImpl::ConvModuleImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, bool relu)
    : relu_(relu) {
  conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                                       .stride(stride).padding(kernel / 2)));
}

torch::Tensor ConvModuleImpl::forward(const torch::Tensor& x) {
  auto y = conv(x);
  return relu_ ? torch::relu(y) : y;
}

void init_normal(torch::nn::Module& module, double std) {
  torch::NoGradGuard no_grad;
  for (auto& p : module.named_parameters()) {
    if (p.key().find("weight") != std::string::npos) {
      torch::nn::init::normal_(p.value(), 0, std);
    } else {
      torch::nn::init::zeros_(p.value());
    }
  }
}

FPNOptions FPNOptions::from(const Options& o) {
  FPNOptions f;
  f.in_channels = o.get_int_list("in_channels", {});
  f.out_channels = o.get_int("out_channels", f.out_channels);
  f.num_outs = o.get_int("num_outs", f.num_outs);
  f.start_level = o.get_int("start_level", f.start_level);
  f.end_level = o.get_int("end_level", f.end_level);
  f.add_extra_convs = o.get_string("add_extra_convs", f.add_extra_convs);
  // mmdetection accepts add_extra_convs=True as 'on_input'.
  if (f.add_extra_convs == "true" || f.add_extra_convs == "True") f.add_extra_convs = "on_input";
  if (f.add_extra_convs == "false" || f.add_extra_convs == "False") f.add_extra_convs = "none";
  f.relu_before_extra_convs = o.get_bool("relu_before_extra_convs", f.relu_before_extra_convs);
  return f;
}

FPNImpl::FPNImpl(const FPNOptions& o) : options_(o) {
  const int64_t num_ins = static_cast<int64_t>(o.in_channels.size());
  TORCH_CHECK(num_ins > 0, "FPN: in_channels must not be empty");
  TORCH_CHECK(o.add_extra_convs == "none" || o.add_extra_convs == "on_input" ||
                  o.add_extra_convs == "on_lateral" || o.add_extra_convs == "on_output",
              "FPN: add_extra_convs must be on_input, on_lateral, on_output or false, got '",
              o.add_extra_convs, "'");
  backbone_end_level_ = o.end_level == -1 ? num_ins : o.end_level + 1;
  TORCH_CHECK(o.start_level >= 0 && o.start_level < backbone_end_level_ && backbone_end_level_ <= num_ins,
              "FPN: need 0 <= start_level <= end_level < ", num_ins);
  TORCH_CHECK(o.num_outs >= backbone_end_level_ - o.start_level, "FPN: num_outs (", o.num_outs,
              ") is smaller than the number of used input levels");
  for (int64_t i = o.start_level; i < backbone_end_level_; ++i) {
    lateral_convs_->push_back(ConvModule(o.in_channels[i], o.out_channels, 1, 1, false));
    fpn_convs_->push_back(ConvModule(o.out_channels, o.out_channels, 3, 1, false));
  }
  const int64_t extra = o.num_outs - backbone_end_level_ + o.start_level;
  if (o.add_extra_convs != "none") {
    for (int64_t i = 0; i < extra; ++i) {
      const int64_t in = i == 0 && o.add_extra_convs == "on_input" ? o.in_channels[backbone_end_level_ - 1]
                                                                    : o.out_channels;
      fpn_convs_->push_back(ConvModule(in, o.out_channels, 3, 2, false));
    }
  }
  register_module("lateral_convs", lateral_convs_);
  register_module("fpn_convs", fpn_convs_);
  // Xavier-uniform weights, zero bias (mmdetection v2's FPN init).
  for (auto& p : named_parameters()) {
    if (p.key().find("weight") != std::string::npos) {
      torch::nn::init::xavier_uniform_(p.value());
    } else {
      torch::nn::init::zeros_(p.value());
    }
  }
}

std::vector<torch::Tensor> FPNImpl::forward(const std::vector<torch::Tensor>& inputs) {
  TORCH_CHECK(inputs.size() == options_.in_channels.size(), "FPN: expected ",
              options_.in_channels.size(), " inputs, got ", inputs.size());
  const int64_t used = backbone_end_level_ - options_.start_level;
  std::vector<torch::Tensor> laterals;
  for (int64_t i = 0; i < used; ++i) {
    laterals.push_back(lateral_convs_[i]->as<ConvModule>()->forward(inputs[i + options_.start_level]));
  }
  for (int64_t i = used - 1; i > 0; --i) {
    auto up = torch::nn::functional::interpolate(
        laterals[i], torch::nn::functional::InterpolateFuncOptions()
                         .size(std::vector<int64_t>{laterals[i - 1].size(2), laterals[i - 1].size(3)})
                         .mode(torch::kNearest));
    laterals[i - 1] = laterals[i - 1] + up;
  }
  std::vector<torch::Tensor> outs;
  for (int64_t i = 0; i < used; ++i) outs.push_back(fpn_convs_[i]->as<ConvModule>()->forward(laterals[i]));
  if (options_.num_outs > used) {
    if (options_.add_extra_convs == "none") {
      for (int64_t i = 0; i < options_.num_outs - used; ++i) {
        outs.push_back(torch::max_pool2d(outs.back(), 1, 2));
      }
    } else {
      torch::Tensor source = options_.add_extra_convs == "on_input"     ? inputs[backbone_end_level_ - 1]
                             : options_.add_extra_convs == "on_lateral" ? laterals.back()
                                                                        : outs.back();
      outs.push_back(fpn_convs_[used]->as<ConvModule>()->forward(source));
      for (int64_t i = used + 1; i < options_.num_outs; ++i) {
        auto x = options_.relu_before_extra_convs ? torch::relu(outs.back()) : outs.back();
        outs.push_back(fpn_convs_[i]->as<ConvModule>()->forward(x));
      }
    }
  }
  return outs;
}

}  // namespace mmdet4j::models
