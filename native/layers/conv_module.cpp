#include "layers/conv_module.h"

#include "registry/schema.h"

namespace mmdet4j::models {

NormConfig NormConfig::from(const Options& options, const std::string& key) {
  static const Schema schema = Schema()
      .optional("num_groups", ParamType::kInt, nullptr, "GN: groups of channels (required for GN)")
      .optional("requires_grad", ParamType::kBool, true, "False freezes the norm's affine parameters")
      .optional("eps", ParamType::kFloat, 1e-5, "added to the variance");
  NormConfig norm;
  if (options.is_null(key)) return norm;
  const auto given = options.section(key);
  norm.type = given.get_string("type", "");
  TORCH_CHECK(norm.type == "GN" || norm.type == "BN", given.path_of("type"), ": only 'GN' and 'BN' are supported, got '",
              norm.type, "'");
  const auto o = given.with_schema(schema, "norm_cfg");
  norm.requires_grad = o.get_bool("requires_grad");
  norm.eps = o.get_double("eps");
  if (norm.type == "GN") {
    TORCH_CHECK(!o.is_null("num_groups"), o.path_of("num_groups"), ": GN needs num_groups");
    norm.num_groups = o.get_int("num_groups");
    TORCH_CHECK(norm.num_groups > 0, o.path_of("num_groups"), ": must be positive, got ", norm.num_groups);
  } else {
    o.require_none("num_groups", "only GN takes num_groups");
  }
  return norm;
}

bool relu_from_act_cfg(const Options& options, const std::string& key) {
  if (options.is_null(key)) return false;
  const auto act = options.section(key);
  TORCH_CHECK(act.get_string("type", "") == "ReLU", act.path_of("type"), ": only ReLU is supported natively");
  act.mark_read("inplace");  // mmcv's ReLU is in place either way here
  return true;
}

std::optional<DcnConfig> deform_conv_cfg(const Options& options, const std::string& key) {
  if (options.is_null(key)) return std::nullopt;
  const auto dcn = DcnConfig::from(options, key);
  TORCH_CHECK(!dcn->fallback_on_stride, options.section(key).path_of("fallback_on_stride"),
              ": a backbone's dcn setting, not a conv_cfg key");
  return dcn;
}

ConvModuleImpl::ConvModuleImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, bool relu,
                               const NormConfig& norm, std::optional<bool> bias, std::optional<int64_t> padding,
                               const std::optional<DcnConfig>& deform)
    : relu_(relu) {
  const bool with_bias = bias.value_or(!norm.enabled());
  const int64_t pad = padding.value_or(kernel / 2);
  if (deform) {
    // mmcv's DeformConv2d (DCN) has no bias: with bias='auto' it needs a norm after it.
    TORCH_CHECK(deform->modulated || !with_bias,
                "ConvModule: a DCN conv has no bias; give it a norm or use DCNv2 (conv ", in, " -> ", out, ")");
    deform_conv = register_module(
        "conv", DeformConv2d(DeformConvOptions{in, out, kernel, stride, pad, 1, 1, deform->deform_groups,
                                               deform->modulated, with_bias, /*pack=*/true}));
  } else {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                                         .stride(stride)
                                                         .padding(pad)
                                                         .bias(with_bias)));
  }
  if (norm.type == "GN") {
    TORCH_CHECK(out % norm.num_groups == 0, "GN: ", out, " channels cannot be split into ", norm.num_groups,
                " groups");
    norm_ = torch::nn::AnyModule(
        register_module("gn", torch::nn::GroupNorm(torch::nn::GroupNormOptions(norm.num_groups, out).eps(norm.eps))));
  } else if (norm.type == "BN") {
    norm_ = torch::nn::AnyModule(
        register_module("bn", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(out).eps(norm.eps))));
  }
  if (norm.enabled() && !norm.requires_grad) {
    for (auto& p : norm_.ptr()->parameters()) p.set_requires_grad(false);
  }
}

torch::Tensor ConvModuleImpl::forward(const torch::Tensor& x) {
  torch::Tensor y;
  if (deform_conv) {
    y = deform_conv(x);
    if (!norm_.is_empty()) y = norm_.forward(y);
  } else if (auto* bn = norm_.is_empty() ? nullptr : norm_.ptr()->as<torch::nn::BatchNorm2d>()) {
    y = bn_fold_.forward(*conv, *bn, x);
  } else {
    y = conv(x);
    if (!norm_.is_empty()) y = norm_.forward(y);
  }
  // In place, as mmcv's ConvModule (inplace=True): the conv's and the norm's backward do not need
  // their output.
  return relu_ ? torch::relu_(y) : y;
}

namespace {

template <class Init>
void init_layer(torch::nn::Module& m, Init& init) {
  torch::Tensor weight, bias;
  if (auto* conv = m.as<torch::nn::Conv2d>()) {
    weight = conv->weight, bias = conv->bias;
  } else if (auto* deconv = m.as<torch::nn::ConvTranspose2d>()) {
    weight = deconv->weight, bias = deconv->bias;
  } else if (auto* fc = m.as<torch::nn::Linear>()) {
    weight = fc->weight, bias = fc->bias;
  } else {
    return;
  }
  init(weight);
  if (bias.defined()) torch::nn::init::zeros_(bias);
}

// `module` and its submodules in registration order (without shared_from_this: constructors call it).
template <class Init>
void init_layers(torch::nn::Module& module, Init init) {
  torch::NoGradGuard no_grad;
  init_layer(module, init);
  for (const auto& m : module.modules(/*include_self=*/false)) init_layer(*m, init);
  // Deformable convs keep mmcv's own init (uniform weights, zero offsets): the per-layer inits
  // above reach only their conv_offset, which must start at zero.
  for (const auto& m : module.modules(/*include_self=*/false)) {
    if (auto* deform = m->as<DeformConv2dImpl>()) deform->reset_parameters();
  }
}

}  // namespace

void init_normal(torch::nn::Module& module, double std) {
  init_layers(module, [std](torch::Tensor& w) { torch::nn::init::normal_(w, 0, std); });
}

void init_xavier_uniform(torch::nn::Module& module) {
  init_layers(module, [](torch::Tensor& w) { torch::nn::init::xavier_uniform_(w); });
}

void init_kaiming_fan_out(torch::nn::Module& module) {
  init_layers(module, [](torch::Tensor& w) { torch::nn::init::kaiming_normal_(w, 0, torch::kFanOut, torch::kReLU); });
}

}  // namespace mmdet4j::models
