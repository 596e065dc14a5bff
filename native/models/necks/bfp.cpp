#include "models/necks/bfp.h"

#include "layers/conv_module.h"
#include "layers/non_local.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

// Resizes one level to `size` as BFP does: adaptive max pooling to shrink, nearest to enlarge.
torch::Tensor resized(const torch::Tensor& x, torch::IntArrayRef size, bool shrink) {
  namespace F = torch::nn::functional;
  if (shrink) return F::adaptive_max_pool2d(x, F::AdaptiveMaxPool2dFuncOptions({size[0], size[1]}));
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{size[0], size[1]})
                               .mode(torch::kNearest));
}

}  // namespace

Schema BFPImpl::schema() {
  return Schema()
      .required("in_channels", ParamType::kInt, "channels of every input level (FPN's out_channels)")
      .required("num_levels", ParamType::kInt, "number of input levels")
      .optional("refine_level", ParamType::kInt, 2, "the level whose size the levels are gathered at")
      .choice("refine_type", nullptr, {"conv", "non_local"},
              "refinement of the gathered features: a 3x3 conv, a non-local block, or None")
      .optional("conv_cfg", ParamType::kDict, nullptr, "only None (plain convs)")
      .optional("norm_cfg", ParamType::kDict, nullptr, "only None (no norm)")
      .optional("init_cfg", ParamType::kDict, nullptr,
                "only None: xavier-uniform convs (mmdetection's default), the non-local block's own init");
}

BFPImpl::BFPImpl(const Options& given) {
  static const Schema own_schema = schema();
  const auto o = given.checked_by(own_schema, "BFP");
  for (const char* key : {"conv_cfg", "norm_cfg", "init_cfg"}) {
    TORCH_CHECK(o.is_null(key), o.path_of(key), ": only None is supported natively");
  }
  const int64_t channels = o.get_int("in_channels");
  num_levels_ = o.get_int("num_levels");
  refine_level_ = o.get_int("refine_level");
  TORCH_CHECK(channels > 0, o.path_of("in_channels"), ": must be positive, got ", channels);
  TORCH_CHECK(num_levels_ > 0, o.path_of("num_levels"), ": must be positive, got ", num_levels_);
  TORCH_CHECK(refine_level_ >= 0 && refine_level_ < num_levels_, o.path_of("refine_level"), ": must be in [0, ",
              num_levels_, "), got ", refine_level_);
  refine_type_ = o.is_null("refine_type") ? "none" : o.get_string("refine_type");
  if (refine_type_ == "conv") {
    auto conv = register_module("refine", ConvModule(channels, channels, 3, 1, true));
    init_xavier_uniform(*conv);  // BFP's init_cfg: Xavier on its convs, as FPN
    refine_ = torch::nn::AnyModule(conv);
  } else if (refine_type_ == "non_local") {
    // mmcv's NonLocal2d keeps its own init (it runs after BFP's Xavier in mmcv's init_weights).
    refine_ = torch::nn::AnyModule(register_module("refine", NonLocal2d(channels, 1, false)));
  }
}

std::vector<torch::Tensor> BFPImpl::forward(const std::vector<torch::Tensor>& inputs) {
  TORCH_CHECK(static_cast<int64_t>(inputs.size()) == num_levels_, "BFP: ", inputs.size(), " input levels, expected ",
              num_levels_);
  const auto gather_size = inputs[refine_level_].sizes().slice(2);
  auto bsf = torch::zeros_like(inputs[refine_level_]);
  for (int64_t i = 0; i < num_levels_; ++i) bsf = bsf + resized(inputs[i], gather_size, i < refine_level_);
  bsf = bsf / static_cast<double>(num_levels_);
  if (refine_type_ != "none") bsf = refine_.forward(bsf);
  std::vector<torch::Tensor> outs;
  for (int64_t i = 0; i < num_levels_; ++i) {
    outs.push_back(resized(bsf, inputs[i].sizes().slice(2), i >= refine_level_) + inputs[i]);
  }
  return outs;
}

namespace {

const Registrar<Neck> kBFP("neck", "BFP", BFPImpl::schema(),
                           "Balanced Feature Pyramid (Libra R-CNN): levels gathered, refined and added back",
                           [](const Options& o) { return std::make_shared<BFPImpl>(o); });

}  // namespace

}  // namespace mmdet4j::models
