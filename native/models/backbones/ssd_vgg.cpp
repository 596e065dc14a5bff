#include "models/backbones/ssd_vgg.h"

#include <algorithm>

#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

// Convs per stage of mmcv's VGG.
std::vector<int64_t> stage_blocks(int64_t depth) {
  switch (depth) {
    case 11: return {1, 1, 2, 2, 2};
    case 13: return {2, 2, 2, 2, 2};
    case 16: return {2, 2, 3, 3, 3};
    case 19: return {2, 2, 4, 4, 4};
  }
  return {};
}

}  // namespace

Schema SSDVGGImpl::schema() {
  return Schema()
      .required("depth", ParamType::kInt, "11, 13, 16 or 19")
      .optional("with_last_pool", ParamType::kBool, false, "keep the last stage's 2x2 pool before pool5")
      .optional("ceil_mode", ParamType::kBool, true, "ceil_mode of the stages' 2x2 max pools")
      .optional("with_bn", ParamType::kBool, false,
                "mmcv VGG's BatchNorm after each stage conv (shifts the layer indices; not in mmdetection's SSDVGG)")
      .optional("out_indices", ParamType::kIntList, {3, 4}, "VGG's stage outputs; unused by SSDVGG's forward")
      .optional("out_feature_indices", ParamType::kIntList, {22, 34},
                "layers of `features` whose outputs are returned (VGG16: conv4_3 and conv7 after their ReLU)")
      .optional("pretrained", ParamType::kStr, nullptr, "checkpoint loaded by the caller after construction")
      .optional("init_cfg", ParamType::kDict, nullptr, "{type: Pretrained, checkpoint}: loaded by the caller")
      .optional("input_size", ParamType::kAny, nullptr, "deprecated in mmdetection v2 (the neck builds the levels)")
      .optional("l2_norm_scale", ParamType::kAny, nullptr, "deprecated in mmdetection v2 (SSDNeck.l2_norm_scale)");
}

SSDVGGOptions SSDVGGOptions::from(const Options& given) {
  static const Schema schema = SSDVGGImpl::schema();
  const auto o = given.checked_by(schema, "SSDVGG");
  SSDVGGOptions v;
  v.depth = o.get_int("depth");
  TORCH_CHECK(!stage_blocks(v.depth).empty(), o.path_of("depth"), ": invalid depth ", v.depth,
              " for SSDVGG (one of 11, 13, 16, 19)");
  v.with_last_pool = o.get_bool("with_last_pool");
  v.ceil_mode = o.get_bool("ceil_mode");
  v.with_bn = o.get_bool("with_bn");
  v.out_feature_indices = o.get_int_list("out_feature_indices");
  o.get_int_list("out_indices");
  o.require_none("input_size", "deprecated: SSDNeck builds the extra levels in mmdetection v2");
  o.require_none("l2_norm_scale", "deprecated: give it as SSDNeck's l2_norm_scale");
  check_pretrained_weights(o);
  return v;
}

SSDVGGImpl::SSDVGGImpl(const SSDVGGOptions& o) : options_(o) {
  const auto blocks = stage_blocks(o.depth);
  TORCH_CHECK(!blocks.empty(), "SSDVGG: depth must be 11, 13, 16 or 19, got ", o.depth);
  features = torch::nn::Sequential();
  int64_t channels = 3;
  auto add = [&](torch::nn::AnyModule layer, int64_t out) {
    features->push_back(std::move(layer));
    channels_after_.push_back(channels = out);
  };
  auto relu = [] { return torch::nn::AnyModule(torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true))); };
  for (size_t stage = 0; stage < blocks.size(); ++stage) {
    const int64_t planes = stage < 4 ? 64 << stage : 512;
    for (int64_t b = 0; b < blocks[stage]; ++b) {
      add(torch::nn::AnyModule(torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, planes, 3).padding(1))), planes);
      if (o.with_bn) add(torch::nn::AnyModule(torch::nn::BatchNorm2d(planes)), planes);
      add(relu(), planes);
    }
    if (stage + 1 < blocks.size() || o.with_last_pool) {
      add(torch::nn::AnyModule(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2).ceil_mode(o.ceil_mode))),
          planes);
    }
  }
  // pool5, conv6 (dilated fc6) and conv7 (fc7), as SSD converts VGG's classifier.
  add(torch::nn::AnyModule(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(1).padding(1))), channels);
  add(torch::nn::AnyModule(torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, 1024, 3).padding(6).dilation(6))),
      1024);
  add(relu(), 1024);
  add(torch::nn::AnyModule(torch::nn::Conv2d(torch::nn::Conv2dOptions(1024, 1024, 1))), 1024);
  add(relu(), 1024);
  register_module("features", features);
  const int64_t layers = static_cast<int64_t>(channels_after_.size());
  for (int64_t i : o.out_feature_indices) {
    TORCH_CHECK(i >= 0 && i < layers, "SSDVGG: out_feature_indices entry ", i, " outside the ", layers,
                " layers of features");
  }
  // mmdetection's SSDVGG init without a checkpoint: Kaiming (fan_out, ReLU) convs, norms at 1.
  torch::NoGradGuard no_grad;
  for (auto& m : modules(/*include_self=*/false)) {
    if (auto* c = m->as<torch::nn::Conv2d>()) {
      torch::nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
      torch::nn::init::zeros_(c->bias);
    } else if (auto* b = m->as<torch::nn::BatchNorm2d>()) {
      torch::nn::init::ones_(b->weight);
      torch::nn::init::zeros_(b->bias);
    }
  }
}

std::vector<torch::Tensor> SSDVGGImpl::forward(const torch::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3, "SSDVGG: input must be (N, 3, H, W), got ", images.sizes());
  std::vector<torch::Tensor> outs;
  auto x = images;
  const auto& wanted = options_.out_feature_indices;
  int64_t i = 0;
  for (auto& layer : *features) {
    x = layer.forward(x);
    if (std::find(wanted.begin(), wanted.end(), i++) != wanted.end()) outs.push_back(x);
  }
  return outs;
}

std::vector<int64_t> SSDVGGImpl::out_channels() const {
  std::vector<int64_t> c;
  for (int64_t i : options_.out_feature_indices) c.push_back(channels_after_[i]);
  return c;
}

namespace {

const Registrar<Backbone> kSSDVGG("backbone", "SSDVGG", SSDVGGImpl::schema(),
                                  "SSD's VGG (Liu et al. 2016): VGG without its last pool, pool5, dilated conv6, conv7",
                                  [](const Options& o) { return std::make_shared<SSDVGGImpl>(SSDVGGOptions::from(o)); });

}  // namespace

}  // namespace mmdet4j::models
