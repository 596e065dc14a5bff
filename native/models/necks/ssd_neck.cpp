#include "models/necks/ssd_neck.h"

#include <algorithm>

#include "registry/registry.h"

namespace mmdet4j::models {

Schema SSDNeckImpl::schema() {
  return Schema()
      .required("in_channels", ParamType::kIntList, "channels of the backbone's levels (the backbone's when left out)")
      .required("out_channels", ParamType::kIntList, "channels of every output level: the inputs', then the extra ones")
      .required("level_strides", ParamType::kIntList, "stride of each extra level's 3x3 conv")
      .required("level_paddings", ParamType::kIntList, "padding of each extra level's 3x3 conv")
      .optional("l2_norm_scale", ParamType::kFloat, 20.0, "initial L2Norm weight of the first level (None or 0: none)")
      .optional("last_kernel_size", ParamType::kInt, 3, "kernel of the last extra level's second conv")
      .optional("use_depthwise", ParamType::kBool, false, "only False (SSDLite's depthwise convs are not native)")
      .optional("conv_cfg", ParamType::kDict, nullptr, "only None (plain convs)")
      .optional("norm_cfg", ParamType::kDict, nullptr, "norm of the extra convs: None, BN or GN")
      .optional("act_cfg", ParamType::kDict, {{"type", "ReLU"}}, "{type: ReLU} or None")
      .optional("init_cfg", ParamType::kAny, nullptr,
                "None: mmdetection's default (xavier-uniform convs, L2Norm at l2_norm_scale)");
}

SSDNeckOptions SSDNeckOptions::from(const Options& given) {
  static const Schema schema = SSDNeckImpl::schema();
  const auto o = given.checked_by(schema, "SSDNeck");
  TORCH_CHECK(!o.get_bool("use_depthwise"), o.path_of("use_depthwise"), ": only False is supported natively");
  o.require_none("conv_cfg", "only None is supported natively");
  o.require_none("init_cfg", "only None (mmdetection's default init) is supported natively");
  SSDNeckOptions n;
  n.in_channels = o.get_int_list("in_channels");
  n.out_channels = o.get_int_list("out_channels");
  n.level_strides = o.get_int_list("level_strides");
  n.level_paddings = o.get_int_list("level_paddings");
  n.l2_norm_scale = o.is_null("l2_norm_scale") ? 0.0 : o.get_double("l2_norm_scale");
  n.last_kernel_size = o.get_int("last_kernel_size");
  n.norm = NormConfig::from(o, "norm_cfg");
  n.relu = relu_from_act_cfg(o, "act_cfg");
  const size_t ins = n.in_channels.size(), outs = n.out_channels.size();
  TORCH_CHECK(ins > 0 && outs > ins, o.path_of("out_channels"), ": needs more levels than in_channels (", ins, ")");
  TORCH_CHECK(outs - ins == n.level_strides.size(), o.path_of("level_strides"), ": ", n.level_strides.size(),
              " strides for ", outs - ins, " extra levels");
  TORCH_CHECK(n.level_paddings.size() == n.level_strides.size(), o.path_of("level_paddings"), ": ",
              n.level_paddings.size(), " paddings for ", n.level_strides.size(), " strides");
  TORCH_CHECK(std::equal(n.in_channels.begin(), n.in_channels.end(), n.out_channels.begin()), o.path_of("out_channels"),
              ": must start with in_channels (the input levels pass through)");
  return n;
}

SSDNeckImpl::SSDNeckImpl(const SSDNeckOptions& o) : options_(o) {
  if (o.l2_norm_scale != 0) l2_norm = register_module("l2_norm", L2Norm(o.in_channels.front(), o.l2_norm_scale));
  const size_t ins = o.in_channels.size();
  for (size_t i = 0; i < o.level_strides.size(); ++i) {
    const int64_t in = o.out_channels[ins - 1 + i], out = o.out_channels[ins + i];
    const int64_t kernel = i + 1 == o.level_strides.size() ? o.last_kernel_size : 3;
    torch::nn::Sequential level(ConvModule(in, out / 2, 1, 1, o.relu, o.norm),
                                ConvModule(out / 2, out, kernel, o.level_strides[i], o.relu, o.norm, std::nullopt,
                                           o.level_paddings[i]));
    extra_layers->push_back(level);
  }
  register_module("extra_layers", extra_layers);
  init_xavier_uniform(*extra_layers);
}

std::vector<torch::Tensor> SSDNeckImpl::forward(const std::vector<torch::Tensor>& inputs) {
  TORCH_CHECK(inputs.size() == options_.in_channels.size(), "SSDNeck: ", inputs.size(), " input levels, expected ",
              options_.in_channels.size());
  auto outs = inputs;
  if (l2_norm) outs[0] = l2_norm(outs[0]);
  auto feat = outs.back();
  for (const auto& level : *extra_layers) {
    feat = level->as<torch::nn::Sequential>()->forward(feat);
    outs.push_back(feat);
  }
  return outs;
}

namespace {

const Registrar<Neck> kSSDNeck("neck", "SSDNeck", SSDNeckImpl::schema(),
                               "SSD's extra levels (1x1 then strided 3x3 ConvModules) and L2Norm on the first level",
                               [](const Options& o) { return std::make_shared<SSDNeckImpl>(SSDNeckOptions::from(o)); });

}  // namespace

}  // namespace mmdet4j::models
