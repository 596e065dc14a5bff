#include "models/backbones/mobilenet_v1.h"

#include <algorithm>

#include "layers/conv_bn_act.h"
#include "registry/registry.h"

namespace mmdet4j::models {

Schema MobileNetV1Impl::schema() {
  return Schema()
      .optional("widen_factor", ParamType::kFloat, 0.25, "channel multiplier (RetinaFace's MobileNet-0.25: 0.25)")
      .optional("out_indices", ParamType::kIntList, {0, 1, 2}, "stages whose outputs are returned (strides 8, 16, 32)")
      .optional("negative_slope", ParamType::kFloat, 0.1, "slope of the LeakyReLUs")
      .optional("pretrained", ParamType::kStr, nullptr, "checkpoint loaded by the caller after construction")
      .optional("init_cfg", ParamType::kDict, nullptr, "{type: Pretrained, checkpoint}: loaded by the caller");
}

MobileNetV1Options MobileNetV1Options::from(const Options& given) {
  static const Schema schema = MobileNetV1Impl::schema();
  const auto o = given.checked_by(schema, "MobileNetV1");
  MobileNetV1Options v;
  v.widen_factor = o.get_double("widen_factor");
  v.out_indices = o.get_int_list("out_indices");
  v.negative_slope = o.get_double("negative_slope");
  TORCH_CHECK(v.widen_factor > 0 && v.widen_factor <= 4, o.path_of("widen_factor"), ": must be in (0, 4], got ",
              v.widen_factor);
  TORCH_CHECK(!v.out_indices.empty(), o.path_of("out_indices"), ": must name at least one stage");
  for (auto i : v.out_indices) {
    TORCH_CHECK(i >= 0 && i < 3, o.path_of("out_indices"), ": stages are 0, 1 and 2, got ", i);
  }
  TORCH_CHECK(std::is_sorted(v.out_indices.begin(), v.out_indices.end()), o.path_of("out_indices"),
              ": must be increasing");
  check_pretrained_weights(o);
  return v;
}

DepthwiseSeparableConvImpl::DepthwiseSeparableConvImpl(int64_t in, int64_t out, int64_t stride,
                                                       double negative_slope)
    : negative_slope_(negative_slope) {
  namespace nn = torch::nn;
  depthwise = register_module("0", nn::Conv2d(nn::Conv2dOptions(in, in, 3).stride(stride).padding(1).groups(in).bias(false)));
  depthwise_bn = register_module("1", nn::BatchNorm2d(in));
  pointwise = register_module("3", nn::Conv2d(nn::Conv2dOptions(in, out, 1).bias(false)));
  pointwise_bn = register_module("4", nn::BatchNorm2d(out));
}

torch::Tensor DepthwiseSeparableConvImpl::forward(const torch::Tensor& x) {
  auto y = depthwise_fold_.forward(*depthwise, *depthwise_bn, x);
  torch::leaky_relu_(y, negative_slope_);
  auto z = pointwise_fold_.forward(*pointwise, *pointwise_bn, y);
  return torch::leaky_relu_(z, negative_slope_);
}

MobileNetV1Impl::MobileNetV1Impl(const MobileNetV1Options& o) : options_(o) {
  auto width = [&](int64_t c) { return std::max<int64_t>(1, static_cast<int64_t>(c * o.widen_factor)); };
  const double slope = o.negative_slope;
  // (channels at width 1, stride) of each conv_dw, per stage; stage 1 starts with conv_bn 3 -> 32.
  const std::vector<std::vector<std::pair<int64_t, int64_t>>> blocks = {
      {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}},
      {{512, 2}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}},
      {{1024, 2}, {1024, 1}}};
  int64_t channels = width(32);
  for (size_t s = 0; s < blocks.size(); ++s) {
    torch::nn::Sequential stage;
    if (s == 0) stage->push_back(ConvBnAct(ConvBnActOptions{3, channels, 3, 2, 1, 1, slope}));
    for (const auto& [c, stride] : blocks[s]) {
      stage->push_back(DepthwiseSeparableConv(channels, width(c), stride, slope));
      channels = width(c);
    }
    stages_.push_back(register_module("stage" + std::to_string(s + 1), stage));
    stage_channels_.push_back(channels);
  }
  // The authors' init without pretrained weights is PyTorch's default (Kaiming-uniform convs).
}

std::vector<torch::Tensor> MobileNetV1Impl::forward(const torch::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3, "MobileNetV1: input must be (N, 3, H, W), got ",
              images.sizes());
  std::vector<torch::Tensor> outs;
  auto x = images;
  const int64_t last = options_.out_indices.back();
  for (int64_t s = 0; s <= last; ++s) {
    x = stages_[s]->forward(x);
    if (std::find(options_.out_indices.begin(), options_.out_indices.end(), s) != options_.out_indices.end()) {
      outs.push_back(x);
    }
  }
  return outs;
}

std::vector<int64_t> MobileNetV1Impl::out_channels() const {
  std::vector<int64_t> c;
  for (auto i : options_.out_indices) c.push_back(stage_channels_[i]);
  return c;
}

namespace {

const Registrar<Backbone> kMobileNetV1(
    "backbone", "MobileNetV1", MobileNetV1Impl::schema(),
    "MobileNetV1 as RetinaFace's authors build it (MobileNet-0.25): conv_bn + depthwise-separable blocks, LeakyReLU",
    [](const Options& o) { return std::make_shared<MobileNetV1Impl>(MobileNetV1Options::from(o)); });

}  // namespace

}  // namespace mmdet4j::models
