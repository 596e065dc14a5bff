#include "layers/deform_conv.h"

#include <cmath>

#include "ops/deform_conv2d.h"
#include "registry/schema.h"

namespace mmdet4j::models {

std::optional<DcnConfig> DcnConfig::from(const Options& options, const std::string& key) {
  static const Schema schema = Schema()
      .optional("deform_groups", ParamType::kInt, nullptr, "input channel groups with their own offsets (1)")
      .optional("deformable_groups", ParamType::kInt, nullptr, "mmdetection v1's name of deform_groups")
      .optional("fallback_on_stride", ParamType::kBool, false,
                "True: the block keeps its ordinary conv (mmdetection v2 applies it regardless of the stride)");
  if (options.is_null(key)) return std::nullopt;
  const auto given = options.section(key);
  const auto type = given.get_string("type", "");
  TORCH_CHECK(type == "DCN" || type == "DCNv2", given.path_of("type"), ": 'DCN' or 'DCNv2', got '", type, "'");
  const auto o = given.with_schema(schema, "dcn");
  DcnConfig dcn;
  dcn.modulated = type == "DCNv2";
  TORCH_CHECK(o.is_null("deform_groups") || o.is_null("deformable_groups"), o.path_of("deformable_groups"),
              ": give deform_groups or deformable_groups, not both");
  if (!o.is_null("deform_groups")) dcn.deform_groups = o.get_int("deform_groups");
  if (!o.is_null("deformable_groups")) dcn.deform_groups = o.get_int("deformable_groups");
  TORCH_CHECK(dcn.deform_groups > 0, o.path_of("deform_groups"), ": must be positive, got ", dcn.deform_groups);
  dcn.fallback_on_stride = o.get_bool("fallback_on_stride");
  return dcn;
}

DeformConv2dImpl::DeformConv2dImpl(const DeformConvOptions& o) : options_(o) {
  TORCH_CHECK(o.in_channels % o.groups == 0 && o.out_channels % o.groups == 0, "DeformConv2d: channels ",
              o.in_channels, " -> ", o.out_channels, " not divisible by groups ", o.groups);
  TORCH_CHECK(o.in_channels % o.deform_groups == 0, "DeformConv2d: ", o.in_channels,
              " input channels not divisible by deform_groups ", o.deform_groups);
  TORCH_CHECK(o.modulated || !o.bias, "DeformConv2d (DCN) has no bias; use DCNv2 for one");
  const int64_t k = o.kernel_size;
  weight = register_parameter("weight", torch::empty({o.out_channels, o.in_channels / o.groups, k, k}));
  if (o.bias) bias = register_parameter("bias", torch::zeros({o.out_channels}));
  // (dy, dx) per deform group and tap, plus the mask's logits for DCNv2.
  const int64_t offset_channels = o.deform_groups * (o.modulated ? 3 : 2) * k * k;
  if (o.pack) conv_offset = register_module("conv_offset", torch::nn::Conv2d(torch::nn::Conv2dOptions(o.in_channels,
                                                                                          offset_channels, k)
                                                                      .stride(o.stride)
                                                                      .padding(o.padding)
                                                                      .dilation(o.dilation)
                                                                      .bias(true)));
  reset_parameters();
}

void DeformConv2dImpl::reset_parameters() {
  torch::NoGradGuard no_grad;
  const int64_t k = options_.kernel_size;
  const double bound = 1.0 / std::sqrt(static_cast<double>(options_.in_channels * k * k));
  weight.uniform_(-bound, bound);
  if (bias.defined()) bias.zero_();
  if (conv_offset) {
    conv_offset->weight.zero_();
    conv_offset->bias.zero_();
  }
}

torch::Tensor DeformConv2dImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(conv_offset, "DeformConv2d: this convolution takes its offsets from the caller (forward_with_offset)");
  auto out = conv_offset(x);
  if (!options_.modulated) return forward_with_offset(x, out);
  // mmcv's split: the first two thirds are the offsets, the last third the mask's logits.
  auto parts = out.chunk(3, 1);
  return forward_with_offset(x, torch::cat({parts[0], parts[1]}, 1), parts[2].sigmoid());
}

torch::Tensor DeformConv2dImpl::forward_with_offset(const torch::Tensor& x, const torch::Tensor& offset,
                                                        const torch::Tensor& mask) {
  const auto& o = options_;
  return ops::deform_conv2d(x, weight, offset, mask.defined() ? std::optional<at::Tensor>(mask) : std::nullopt,
                            bias.defined() ? std::optional<at::Tensor>(bias) : std::nullopt, {o.stride, o.stride},
                            {o.padding, o.padding}, {o.dilation, o.dilation}, o.groups, o.deform_groups);
}

}  // namespace mmdet4j::models
