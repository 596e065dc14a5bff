#include "models/necks/fpn.h"

#include "layers/conv_module.h"
#include "registry/registry.h"

namespace mmdet4j::models {

Schema FPNImpl::schema() {
  return Schema()
      .required("in_channels", ParamType::kIntList, "channels of each input level (the backbone's when left out)")
      .required("out_channels", ParamType::kInt, "channels of every output level")
      .required("num_outs", ParamType::kInt, "output levels, extra ones added on top")
      .optional("start_level", ParamType::kInt, 0, "first input level used")
      .optional("end_level", ParamType::kInt, -1, "last input level used, inclusive (-1: the last)")
      .choice("add_extra_convs", false, {false, true, "on_input", "on_lateral", "on_output"},
              "source of the extra levels' stride-2 convs (False: max pooling; True: on_input)")
      .optional("relu_before_extra_convs", ParamType::kBool, false, "ReLU before each extra conv after the first")
      .optional("no_norm_on_lateral", ParamType::kBool, false, "no norm in the lateral convs")
      .optional("conv_cfg", ParamType::kDict, nullptr, "only None (plain convs)")
      .optional("norm_cfg", ParamType::kDict, nullptr, "norm of every conv: None, {type: GN, num_groups} or BN")
      .optional("act_cfg", ParamType::kDict, nullptr, "only None (no activation)")
      .optional("upsample_cfg", ParamType::kDict, {{"mode", "nearest"}}, "only {mode: nearest}")
      .optional("init_cfg", ParamType::kDict, nullptr, "only None: xavier-uniform init as in mmdetection");
}

FPNOptions FPNOptions::from(const Options& given) {
  static const Schema fpn = FPNImpl::schema();
  const auto o = given.checked_by(fpn, "FPN");
  for (const char* key : {"conv_cfg", "act_cfg", "init_cfg"}) {
    TORCH_CHECK(o.is_null(key), o.path_of(key), ": only None is supported natively");
  }
  const auto upsample = o.section("upsample_cfg");
  TORCH_CHECK(upsample.get_string("mode", "nearest") == "nearest", upsample.path_of("mode"),
              ": only 'nearest' is supported natively");
  FPNOptions f;
  f.norm = NormConfig::from(o, "norm_cfg");
  f.no_norm_on_lateral = o.get_bool("no_norm_on_lateral");
  f.in_channels = o.get_int_list("in_channels");
  f.out_channels = o.get_int("out_channels");
  f.num_outs = o.get_int("num_outs");
  f.start_level = o.get_int("start_level");
  f.end_level = o.get_int("end_level");
  f.add_extra_convs = o.get_string("add_extra_convs");
  // mmdetection accepts add_extra_convs=True as 'on_input'.
  if (f.add_extra_convs == "true" || f.add_extra_convs == "True") f.add_extra_convs = "on_input";
  if (f.add_extra_convs == "false" || f.add_extra_convs == "False") f.add_extra_convs = "none";
  f.relu_before_extra_convs = o.get_bool("relu_before_extra_convs");
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
    lateral_convs_->push_back(
        ConvModule(o.in_channels[i], o.out_channels, 1, 1, false, o.no_norm_on_lateral ? NormConfig{} : o.norm));
    fpn_convs_->push_back(ConvModule(o.out_channels, o.out_channels, 3, 1, false, o.norm));
  }
  const int64_t extra = o.num_outs - backbone_end_level_ + o.start_level;
  if (o.add_extra_convs != "none") {
    for (int64_t i = 0; i < extra; ++i) {
      const int64_t in = i == 0 && o.add_extra_convs == "on_input" ? o.in_channels[backbone_end_level_ - 1]
                                                                    : o.out_channels;
      fpn_convs_->push_back(ConvModule(in, o.out_channels, 3, 2, false, o.norm));
    }
  }
  register_module("lateral_convs", lateral_convs_);
  register_module("fpn_convs", fpn_convs_);
  init_xavier_uniform(*this);  // mmdetection v2's FPN init
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

namespace {

const Registrar<Neck> kFPN("neck", "FPN", FPNImpl::schema(), "Feature Pyramid Network (Lin et al. 2017)",
                           [](const Options& o) { return std::make_shared<FPNImpl>(FPNOptions::from(o)); });

}  // namespace

}  // namespace mmdet4j::models
