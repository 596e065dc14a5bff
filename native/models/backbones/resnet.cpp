#include "models/backbones/resnet.h"

#include "layers/conv_bn_fold.h"
#include "registry/registry.h"

#include <algorithm>
#include <cmath>

namespace mmdet4j::models {
namespace {

// Blocks per stage and whether the block is a Bottleneck (expansion 4) or a BasicBlock (1).
struct Architecture {
  std::vector<int64_t> blocks;
  bool bottleneck;
};

Architecture architecture(int64_t depth) {
  switch (depth) {
    case 18: return {{2, 2, 2, 2}, false};
    case 34: return {{3, 4, 6, 3}, false};
    case 50: return {{3, 4, 6, 3}, true};
    case 101: return {{3, 4, 23, 3}, true};
    case 152: return {{3, 8, 36, 3}, true};
  }
  TORCH_CHECK(false, "ResNet: depth must be 18, 34, 50, 101 or 152, got ", depth);
}

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int64_t stride, int64_t groups = 1) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(k / 2)
                               .groups(groups).bias(false));
}

torch::nn::BatchNorm2d bn(int64_t channels) {
  return torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(channels).eps(1e-5).momentum(0.1));
}

// A block's shortcut: a 1x1 conv and a norm (torchvision's and mmdetection's "downsample.0/.1"),
// folded into one conv in evaluation.
class Shortcut {
 public:
  Shortcut() = default;
  explicit Shortcut(torch::nn::Sequential downsample) {
    if (!downsample) return;
    conv_ = downsample[0]->as<torch::nn::Conv2d>();
    bn_ = downsample[1]->as<torch::nn::BatchNorm2d>();
  }
  torch::Tensor forward(const torch::Tensor& x) { return conv_ ? fold_.forward(*conv_, *bn_, x) : x; }

 private:
  torch::nn::Conv2dImpl* conv_ = nullptr;
  torch::nn::BatchNorm2dImpl* bn_ = nullptr;
  ConvBnFold fold_;
};

class BasicBlockImpl : public torch::nn::Module {
 public:
  BasicBlockImpl(int64_t in, int64_t planes, int64_t stride, torch::nn::Sequential downsample) {
    conv1 = register_module("conv1", conv(in, planes, 3, stride));
    bn1 = register_module("bn1", bn(planes));
    conv2 = register_module("conv2", conv(planes, planes, 3, 1));
    bn2 = register_module("bn2", bn(planes));
    if (downsample) this->downsample = register_module("downsample", downsample);
    shortcut_ = Shortcut(downsample);
  }
  // ReLU and the residual sum in place, as torchvision's blocks (neither BN's nor the conv's
  // backward needs the output they overwrite): no fresh activation-sized buffers.
  torch::Tensor forward(const torch::Tensor& x) {
    auto out = fold1_.forward(*conv1, *bn1, x).relu_();
    out = fold2_.forward(*conv2, *bn2, out);
    out += shortcut_.forward(x);
    return torch::relu_(out);
  }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
  torch::nn::Sequential downsample{nullptr};

 private:
  ConvBnFold fold1_, fold2_;
  Shortcut shortcut_;
};
TORCH_MODULE(BasicBlock);

class BottleneckImpl : public torch::nn::Module {
 public:
  // dcn: conv2 deformable (mmdetection v2 keeps the plain conv when fallback_on_stride is set,
  // whatever the stride); context_block: a GC block after conv3 (its in_channels set here).
  BottleneckImpl(int64_t in, int64_t planes, int64_t stride, torch::nn::Sequential downsample,
                 const ResNetOptions& o, const std::optional<DcnConfig>& dcn,
                 std::optional<ContextBlockOptions> context_block) {
    // mmdetection's ResNeXt width: floor(planes * base_width / 64) * groups.
    const int64_t width = o.groups == 1 && o.base_width == 64
                              ? planes
                              : static_cast<int64_t>(std::floor(planes * (o.base_width / 64.0))) * o.groups;
    const bool caffe = o.style == "caffe";
    const int64_t conv2_stride = caffe ? 1 : stride;
    conv1 = register_module("conv1", conv(in, width, 1, caffe ? stride : 1));
    bn1 = register_module("bn1", bn(width));
    if (dcn && !dcn->fallback_on_stride) {
      deform_conv2 = register_module(
          "conv2", DeformConv2d(DeformConvOptions{width, width, 3, conv2_stride, 1, 1, o.groups,
                                                      dcn->deform_groups, dcn->modulated, /*bias=*/false}));
    } else {
      conv2 = register_module("conv2", conv(width, width, 3, conv2_stride, o.groups));
    }
    bn2 = register_module("bn2", bn(width));
    conv3 = register_module("conv3", conv(width, planes * 4, 1, 1));
    bn3 = register_module("bn3", bn(planes * 4));
    if (context_block) {
      context_block->in_channels = planes * 4;
      this->context_block = register_module("context_block", ContextBlock(*context_block));
    }
    if (downsample) this->downsample = register_module("downsample", downsample);
    shortcut_ = Shortcut(downsample);
  }
  // In place, as BasicBlock.
  torch::Tensor forward(const torch::Tensor& x) {
    auto out = fold1_.forward(*conv1, *bn1, x).relu_();
    out = (deform_conv2 ? bn2(deform_conv2(out)) : fold2_.forward(*conv2, *bn2, out)).relu_();
    out = fold3_.forward(*conv3, *bn3, out);
    if (context_block) out = context_block(out);
    out += shortcut_.forward(x);
    return torch::relu_(out);
  }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  DeformConv2d deform_conv2{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
  ContextBlock context_block{nullptr};
  torch::nn::Sequential downsample{nullptr};

 private:
  ConvBnFold fold1_, fold2_, fold3_;
  Shortcut shortcut_;
};
TORCH_MODULE(Bottleneck);

}  // namespace

Schema ResNetImpl::schema(bool resnext) {
  return Schema()
      .required("depth", ParamType::kInt, "18, 34, 50, 101 or 152")
      .optional("in_channels", ParamType::kInt, 3, "channels of the input images")
      .optional("stem_channels", ParamType::kInt, 64, "only 64")
      .optional("base_channels", ParamType::kInt, 64, "only 64")
      .optional("num_stages", ParamType::kInt, 4, "residual stages, 1 to 4")
      .optional("out_indices", ParamType::kIntList, {0, 1, 2, 3}, "stages whose outputs are returned (0-based)")
      .choice("style", "pytorch", {"pytorch", "caffe"}, "pytorch: stride in the 3x3 conv; caffe: in the first 1x1")
      .optional("frozen_stages", ParamType::kInt, -1, "stages frozen while training (0: the stem; -1: none)")
      .optional("norm_cfg", ParamType::kDict, {{"type", "BN"}, {"requires_grad", true}},
                "BatchNorm only; requires_grad=False freezes its affine parameters")
      .optional("norm_eval", ParamType::kBool, true, "keep BatchNorm statistics frozen while training")
      .optional("with_cp", ParamType::kBool, false, "only False (no gradient checkpointing natively)")
      .optional("zero_init_residual", ParamType::kBool, true,
                "last norm of each residual block initialised to weight 0, so that the block starts as the identity")
      .optional("groups", ParamType::kInt, 1, "ResNeXt cardinality")
      .optional("base_width", ParamType::kInt, resnext ? 4 : 64, "ResNeXt width per group")
      .optional("dcn", ParamType::kDict, nullptr,
                "{type: DCN | DCNv2, deform_groups, fallback_on_stride}: deformable 3x3 convs (Bottleneck only)")
      .optional("stage_with_dcn", ParamType::kAny, Json::array({false, false, false, false}),
                "per stage: whether its blocks use dcn")
      .optional("plugins", ParamType::kAny, nullptr,
                "[{cfg: {type: ContextBlock, ratio, ...}, stages, position: after_conv3}] (Bottleneck only)")
      .optional("pretrained", ParamType::kStr, nullptr, "checkpoint loaded by the caller after construction")
      .optional("init_cfg", ParamType::kDict, nullptr,
                "{type: Pretrained, checkpoint}: loaded by the caller after construction");
}

namespace {

// A per-stage list of booleans (stage_with_dcn, a plugin's stages).
std::vector<bool> stage_flags(const Json& value, int64_t num_stages, const std::string& path) {
  TORCH_CHECK(value.is_array() && static_cast<int64_t>(value.size()) == num_stages, path, ": needs ", num_stages,
              " booleans (one per stage), got ", value.dump());
  std::vector<bool> flags;
  for (const auto& v : value) {
    TORCH_CHECK(v.is_boolean(), path, ": needs booleans, got ", value.dump());
    flags.push_back(v.get<bool>());
  }
  return flags;
}

// mmdetection's plugins: each {cfg, stages, position}; the native ResNet has the GC block
// (ContextBlock) after conv3.
void read_plugins(const Options& o, ResNetOptions& r) {
  static const Schema plugin_schema = Schema()
      .required("cfg", ParamType::kDict, "the plugin layer: {type: ContextBlock, ...}")
      .optional("stages", ParamType::kAny, nullptr, "per stage: whether its blocks get the plugin (all)")
      .choice("position", "after_conv3", {"after_conv1", "after_conv2", "after_conv3"}, "where in the Bottleneck");
  if (o.is_null("plugins")) return;
  const auto count = o.list_size("plugins");
  TORCH_CHECK(count >= 0, o.path_of("plugins"), ": must be a list of {cfg, stages, position}");
  for (int64_t i = 0; i < count; ++i) {
    const auto plugin = o.sub("plugins." + std::to_string(i)).with_schema(plugin_schema, "plugin");
    const auto cfg = plugin.section("cfg");
    const auto type = cfg.get_string("type", "");
    TORCH_CHECK(type == "ContextBlock", cfg.path_of("type"), ": the native ResNet has only the ContextBlock plugin, got '",
                type, "'");
    TORCH_CHECK(plugin.get_string("position") == "after_conv3", plugin.path_of("position"),
                ": ContextBlock goes after_conv3");
    const auto stages = plugin.is_null("stages") ? std::vector<bool>(r.num_stages, true)
                                                 : stage_flags(plugin.get_json("stages"), r.num_stages,
                                                               plugin.path_of("stages"));
    const auto block = ContextBlockOptions::from(cfg, 0);
    for (int64_t s = 0; s < r.num_stages; ++s) {
      if (!stages[s]) continue;
      TORCH_CHECK(!r.stage_context_block[s], plugin.path_of("stages"), ": stage ", s, " has a ContextBlock already");
      r.stage_context_block[s] = block;
    }
  }
}

}  // namespace

ResNetOptions ResNetOptions::from(const Options& given) {
  const bool resnext = given.get_string("type", "ResNet") == "ResNeXt";
  static const Schema resnet = ResNetImpl::schema(false), resnext_schema = ResNetImpl::schema(true);
  const auto o = given.checked_by(resnext ? resnext_schema : resnet, resnext ? "ResNeXt" : "ResNet");
  TORCH_CHECK(o.get_int("stem_channels") == 64 && o.get_int("base_channels") == 64, o.path_of("base_channels"),
              ": only 64 stem/base channels are supported natively");
  TORCH_CHECK(!o.get_bool("with_cp"), o.path_of("with_cp"), ": only False is supported natively");
  const auto norm = o.section("norm_cfg");
  TORCH_CHECK(norm.get_string("type", "BN") == "BN", norm.path_of("type"), ": only BN is supported natively, got '",
              norm.get_string("type", ""), "'");
  const int64_t depth = o.get_int("depth");
  TORCH_CHECK(depth == 18 || depth == 34 || depth == 50 || depth == 101 || depth == 152, o.path_of("depth"),
              ": invalid depth ", depth, " for ResNet (one of 18, 34, 50, 101, 152)");
  check_pretrained_weights(o);
  ResNetOptions r;
  r.depth = depth;
  r.in_channels = o.get_int("in_channels");
  r.num_stages = o.get_int("num_stages");
  r.out_indices = o.get_int_list("out_indices");
  r.style = o.get_string("style");
  r.frozen_stages = o.get_int("frozen_stages");
  r.norm_eval = o.get_bool("norm_eval");
  r.norm_requires_grad = norm.get_bool("requires_grad", true);
  r.groups = o.get_int("groups");
  r.base_width = o.get_int("base_width");
  r.zero_init_residual = o.get_bool("zero_init_residual");
  r.dcn = DcnConfig::from(o, "dcn");
  // Checked against num_stages only with a dcn, as mmdetection asserts it.
  const auto stage_with_dcn = o.get_json("stage_with_dcn");
  r.stage_with_dcn = r.dcn ? stage_flags(stage_with_dcn, r.num_stages, o.path_of("stage_with_dcn"))
                           : std::vector<bool>(r.num_stages, false);
  read_plugins(o, r);
  TORCH_CHECK(architecture(depth).bottleneck || (!r.dcn && std::none_of(r.stage_context_block.begin(),
                                                                          r.stage_context_block.end(),
                                                                          [](const auto& c) { return c.has_value(); })),
              o.path_of("dcn"), ": dcn and plugins need a Bottleneck ResNet (depth 50, 101 or 152), got depth ", depth);
  return r;
}

ResNetImpl::ResNetImpl(const ResNetOptions& o) : options_(o) {
  const auto arch = architecture(o.depth);
  TORCH_CHECK(o.num_stages >= 1 && o.num_stages <= 4, "ResNet: num_stages must be in [1, 4]");
  TORCH_CHECK(o.style == "pytorch" || o.style == "caffe", "ResNet: style must be 'pytorch' or 'caffe'");
  TORCH_CHECK(o.groups >= 1 && o.base_width >= 1, "ResNet: groups and base_width must be positive");
  for (int64_t i : o.out_indices) {
    TORCH_CHECK(i >= 0 && i < o.num_stages, "ResNet: out_indices entry ", i, " outside [0, ",
                o.num_stages, ")");
  }
  conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(o.in_channels, 64, 7)
                                                         .stride(2).padding(3).bias(false)));
  bn1 = register_module("bn1", bn(64));
  const int64_t expansion = arch.bottleneck ? 4 : 1;
  int64_t in = 64;
  for (int64_t stage = 0; stage < o.num_stages; ++stage) {
    const int64_t planes = 64 << stage;
    const int64_t stride = stage == 0 ? 1 : 2;
    torch::nn::Sequential layer;
    for (int64_t b = 0; b < arch.blocks[stage]; ++b) {
      const int64_t s = b == 0 ? stride : 1;
      torch::nn::Sequential downsample{nullptr};
      if (b == 0 && (s != 1 || in != planes * expansion)) {
        downsample = torch::nn::Sequential(conv(in, planes * expansion, 1, s), bn(planes * expansion));
      }
      if (arch.bottleneck) {
        const bool with_dcn = o.dcn && o.stage_with_dcn[stage];
        layer->push_back(Bottleneck(in, planes, s, downsample, o, with_dcn ? o.dcn : std::nullopt,
                                    o.stage_context_block[stage]));
      } else {
        layer->push_back(BasicBlock(in, planes, s, downsample));
      }
      in = planes * expansion;
    }
    layers_.push_back(register_module("layer" + std::to_string(stage + 1), layer));
    stage_channels_.push_back(in);
  }
  // Kaiming init for convs, constant 1/0 for norms (mmdetection's ResNet.init_weights).
  for (auto& m : modules(/*include_self=*/false)) {
    if (auto* c = m->as<torch::nn::Conv2d>()) {
      torch::nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
    } else if (auto* b = m->as<torch::nn::BatchNorm2d>()) {
      torch::nn::init::ones_(b->weight);
      torch::nn::init::zeros_(b->bias);
    }
  }
  // The DCN offsets and the GC blocks' last convs start at zero, whatever the loop above did
  // (mmcv initialises them so; a pretrained checkpoint has no values for them).
  for (auto& m : modules(/*include_self=*/false)) {
    if (auto* dcn = m->as<DeformConv2dImpl>()) dcn->reset_parameters();
    if (auto* gc = m->as<ContextBlockImpl>()) gc->reset_parameters();
  }
  // mmdetection v2's zero_init_residual: the last norm of each block scales its branch by 0.
  if (o.zero_init_residual) {
    for (auto& layer : layers_) {
      for (auto& block : layer->children()) {
        if (auto* basic = block->as<BasicBlockImpl>()) {
          torch::nn::init::zeros_(basic->bn2->weight);
        } else if (auto* bottleneck = block->as<BottleneckImpl>()) {
          torch::nn::init::zeros_(bottleneck->bn3->weight);
        }
      }
    }
  }
  if (!o.norm_requires_grad) {
    for (auto& m : modules(false)) {
      if (auto* b = m->as<torch::nn::BatchNorm2d>()) {
        b->weight.set_requires_grad(false);
        b->bias.set_requires_grad(false);
      }
    }
  }
  train(true);
}

std::vector<int64_t> ResNetImpl::out_channels() const {
  std::vector<int64_t> c;
  for (int64_t i : options_.out_indices) c.push_back(stage_channels_[i]);
  return c;
}

std::vector<torch::Tensor> ResNetImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == options_.in_channels, "ResNet: input must be (N, ",
              options_.in_channels, ", H, W), got ", x.sizes());
  auto out = torch::max_pool2d(stem_fold_.forward(*conv1, *bn1, x).relu_(), 3, 2, 1);
  std::vector<torch::Tensor> features;
  for (size_t stage = 0; stage < layers_.size(); ++stage) {
    out = layers_[stage]->forward(out);
    for (int64_t i : options_.out_indices) {
      if (i == static_cast<int64_t>(stage)) features.push_back(out);
    }
  }
  return features;
}

void ResNetImpl::train(bool on) {
  torch::nn::Module::train(on);
  // Frozen stages: no gradients and fixed statistics, stage 0 being the stem.
  auto freeze = [](torch::nn::Module& m) {
    m.eval();
    for (auto& p : m.parameters()) p.set_requires_grad(false);
  };
  if (options_.frozen_stages >= 0) {
    freeze(*conv1);
    freeze(*bn1);
    for (int64_t s = 1; s <= options_.frozen_stages && s <= static_cast<int64_t>(layers_.size()); ++s) {
      freeze(*layers_[s - 1]);
    }
  }
  if (on && options_.norm_eval) {
    for (auto& m : modules(false)) {
      if (auto* b = m->as<torch::nn::BatchNorm2d>()) b->eval();
    }
  }
}

namespace {

std::shared_ptr<Backbone> make_resnet(const Options& o) { return std::make_shared<ResNetImpl>(ResNetOptions::from(o)); }

const Registrar<Backbone> kResNet("backbone", "ResNet", ResNetImpl::schema(false),
                                  "ResNet (He et al. 2016) with torchvision's and mmdetection's parameter names",
                                  make_resnet);
const Registrar<Backbone> kResNeXt("backbone", "ResNeXt", ResNetImpl::schema(true),
                                   "ResNeXt (Xie et al. 2017): ResNet with grouped 3x3 convs", make_resnet);

}  // namespace

}  // namespace mmdet4j::models
