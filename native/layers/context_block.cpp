#include "layers/context_block.h"

#include "registry/schema.h"

namespace mmdet4j::models {

ContextBlockOptions ContextBlockOptions::from(const Options& cfg, int64_t in_channels) {
  static const Schema schema = Schema()
      .required("ratio", ParamType::kFloat, "bottleneck width as a fraction of the channels (1/16, 1/4)")
      .choice("pooling_type", "att", {"att", "avg"}, "att: softmax attention over positions; avg: mean")
      .optional("fusion_types", ParamType::kStrList, std::vector<std::string>{"channel_add"},
                "channel_add and/or channel_mul");
  const auto o = cfg.with_schema(schema, "ContextBlock");
  ContextBlockOptions r;
  r.in_channels = in_channels;
  r.ratio = o.get_double("ratio");
  TORCH_CHECK(r.ratio > 0 && r.ratio <= 1, o.path_of("ratio"), ": must be in (0, 1], got ", r.ratio);
  r.attention_pooling = o.get_string("pooling_type") == "att";
  const auto fusion = o.get_json("fusion_types").get<std::vector<std::string>>();
  TORCH_CHECK(!fusion.empty(), o.path_of("fusion_types"), ": needs channel_add or channel_mul");
  r.channel_add = r.channel_mul = false;
  for (const auto& f : fusion) {
    TORCH_CHECK(f == "channel_add" || f == "channel_mul", o.path_of("fusion_types"),
                ": 'channel_add' or 'channel_mul', got '", f, "'");
    (f == "channel_add" ? r.channel_add : r.channel_mul) = true;
  }
  return r;
}

namespace {

// 1x1 conv, LayerNorm over (planes, 1, 1), ReLU, 1x1 conv: mmcv's names 0, 1, 2, 3.
torch::nn::Sequential transform(int64_t channels, int64_t planes) {
  return torch::nn::Sequential(
      torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, planes, 1)),
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({planes, 1, 1})), torch::nn::ReLU(torch::nn::ReLUOptions(true)),
      torch::nn::Conv2d(torch::nn::Conv2dOptions(planes, channels, 1)));
}

void zero_last_conv(torch::nn::Sequential& s) {
  if (!s) return;
  auto* last = s[3]->as<torch::nn::Conv2d>();
  last->weight.zero_();
  last->bias.zero_();
}

}  // namespace

ContextBlockImpl::ContextBlockImpl(const ContextBlockOptions& o) : attention_pooling_(o.attention_pooling) {
  const int64_t planes = static_cast<int64_t>(o.in_channels * o.ratio);
  TORCH_CHECK(planes > 0, "ContextBlock: ratio ", o.ratio, " leaves no channels of ", o.in_channels);
  if (o.attention_pooling) {
    conv_mask = register_module("conv_mask", torch::nn::Conv2d(torch::nn::Conv2dOptions(o.in_channels, 1, 1)));
  }
  if (o.channel_add) channel_add_conv = register_module("channel_add_conv", transform(o.in_channels, planes));
  if (o.channel_mul) channel_mul_conv = register_module("channel_mul_conv", transform(o.in_channels, planes));
  reset_parameters();
}

void ContextBlockImpl::reset_parameters() {
  torch::NoGradGuard no_grad;
  if (conv_mask) {
    torch::nn::init::kaiming_normal_(conv_mask->weight, 0, torch::kFanIn, torch::kReLU);
    conv_mask->bias.zero_();
  }
  zero_last_conv(channel_add_conv);
  zero_last_conv(channel_mul_conv);
}

torch::Tensor ContextBlockImpl::context(const torch::Tensor& x) {
  if (!attention_pooling_) return x.mean({2, 3}, /*keepdim=*/true);
  const int64_t n = x.size(0), c = x.size(1);
  // Softmax over positions of the one-channel mask, then the attention-weighted sum of each channel.
  auto weights = conv_mask(x).view({n, 1, -1}).softmax(2).unsqueeze(-1);  // (N, 1, HW, 1)
  return torch::matmul(x.reshape({n, 1, c, -1}), weights).view({n, c, 1, 1});
}

torch::Tensor ContextBlockImpl::forward(const torch::Tensor& x) {
  const auto ctx = context(x);
  auto out = x;
  if (channel_mul_conv) out = out * channel_mul_conv->forward(ctx).sigmoid();
  if (channel_add_conv) out = out + channel_add_conv->forward(ctx);
  return out;
}

}  // namespace mmdet4j::models
