#include "models/necks/retinaface_necks.h"

#include "registry/registry.h"

namespace mmdet4j::models {

double retinaface_negative_slope(int64_t out_channels) { return out_channels <= 64 ? 0.1 : 0.0; }

namespace {

ConvBnActOptions conv_bn(int64_t in, int64_t out, int64_t kernel, std::optional<double> slope) {
  return ConvBnActOptions{in, out, kernel, 1, kernel / 2, 1, slope};
}

torch::Tensor upsample_to(const torch::Tensor& x, const torch::Tensor& like) {
  namespace F = torch::nn::functional;
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{like.size(2), like.size(3)})
                               .mode(torch::kNearest));
}

}  // namespace

Schema RetinaFaceFPNImpl::schema() {
  return Schema()
      .required("in_channels", ParamType::kIntList, "channels of each backbone level, finest first")
      .required("out_channels", ParamType::kInt, "channels of every output level");
}

RetinaFaceFPNImpl::RetinaFaceFPNImpl(const Options& given) {
  static const Schema s = schema();
  const auto o = given.checked_by(s, "RetinaFaceFPN");
  const auto in = o.get_int_list("in_channels");
  out_channels_ = o.get_int("out_channels");
  TORCH_CHECK(in.size() >= 2, o.path_of("in_channels"), ": needs at least two levels, got ", in.size());
  TORCH_CHECK(out_channels_ > 0, o.path_of("out_channels"), ": must be positive");
  const double slope = retinaface_negative_slope(out_channels_);
  for (size_t l = 0; l < in.size(); ++l) {
    TORCH_CHECK(in[l] > 0, o.path_of("in_channels"), ": must be positive");
    outputs_.push_back(register_module("output" + std::to_string(l + 1), ConvBnAct(conv_bn(in[l], out_channels_, 1, slope))));
  }
  for (size_t l = 0; l + 1 < in.size(); ++l) {
    merges_.push_back(
        register_module("merge" + std::to_string(l + 1), ConvBnAct(conv_bn(out_channels_, out_channels_, 3, slope))));
  }
}

std::vector<torch::Tensor> RetinaFaceFPNImpl::forward(const std::vector<torch::Tensor>& inputs) {
  TORCH_CHECK(inputs.size() == outputs_.size(), "RetinaFaceFPN: ", inputs.size(), " levels, expected ",
              outputs_.size());
  std::vector<torch::Tensor> out(inputs.size());
  for (size_t l = 0; l < inputs.size(); ++l) out[l] = outputs_[l]->forward(inputs[l]);
  for (size_t l = inputs.size() - 1; l-- > 0;) {
    out[l] = merges_[l]->forward(out[l] + upsample_to(out[l + 1], out[l]));
  }
  return out;
}

std::vector<int64_t> RetinaFaceFPNImpl::out_channels() const {
  return std::vector<int64_t>(outputs_.size(), out_channels_);
}

SSHContextModuleImpl::SSHContextModuleImpl(int64_t in, int64_t out) {
  TORCH_CHECK(out % 4 == 0, "SSH: out_channels must be a multiple of 4, got ", out);
  const double slope = retinaface_negative_slope(out);
  conv3X3 = register_module("conv3X3", ConvBnAct(conv_bn(in, out / 2, 3, std::nullopt)));
  conv5X5_1 = register_module("conv5X5_1", ConvBnAct(conv_bn(in, out / 4, 3, slope)));
  conv5X5_2 = register_module("conv5X5_2", ConvBnAct(conv_bn(out / 4, out / 4, 3, std::nullopt)));
  conv7X7_2 = register_module("conv7X7_2", ConvBnAct(conv_bn(out / 4, out / 4, 3, slope)));
  conv7x7_3 = register_module("conv7x7_3", ConvBnAct(conv_bn(out / 4, out / 4, 3, std::nullopt)));
}

torch::Tensor SSHContextModuleImpl::forward(const torch::Tensor& x) {
  auto context = conv5X5_1->forward(x);
  auto wide = conv7X7_2->forward(context);
  auto joined = torch::cat({conv3X3->forward(x), conv5X5_2->forward(context), conv7x7_3->forward(wide)}, 1);
  return torch::relu_(joined);
}

Schema SSHImpl::schema() {
  return Schema()
      .required("in_channels", ParamType::kInt, "channels of every input level")
      .required("out_channels", ParamType::kInt, "channels of every output level (a multiple of 4)")
      .optional("num_scales", ParamType::kInt, 3, "number of levels, one context module each");
}

SSHImpl::SSHImpl(const Options& given) {
  static const Schema s = schema();
  const auto o = given.checked_by(s, "SSH");
  const int64_t in = o.get_int("in_channels"), levels = o.get_int("num_scales");
  out_channels_ = o.get_int("out_channels");
  TORCH_CHECK(in > 0, o.path_of("in_channels"), ": must be positive");
  TORCH_CHECK(out_channels_ > 0 && out_channels_ % 4 == 0, o.path_of("out_channels"),
              ": must be a positive multiple of 4, got ", out_channels_);
  TORCH_CHECK(levels > 0, o.path_of("num_scales"), ": must be positive");
  for (int64_t l = 0; l < levels; ++l) {
    modules_.push_back(register_module("ssh" + std::to_string(l + 1), SSHContextModule(in, out_channels_)));
  }
}

std::vector<torch::Tensor> SSHImpl::forward(const std::vector<torch::Tensor>& inputs) {
  TORCH_CHECK(inputs.size() == modules_.size(), "SSH: ", inputs.size(), " levels, expected ", modules_.size(),
              " (num_scales)");
  std::vector<torch::Tensor> out;
  for (size_t l = 0; l < inputs.size(); ++l) out.push_back(modules_[l]->forward(inputs[l]));
  return out;
}

std::vector<int64_t> SSHImpl::out_channels() const { return std::vector<int64_t>(modules_.size(), out_channels_); }

namespace {

const Registrar<Neck> kRetinaFaceFPN(
    "neck", "RetinaFaceFPN", RetinaFaceFPNImpl::schema(),
    "RetinaFace's FPN: 1x1 conv_bn laterals, top-down nearest upsampling with a 3x3 merge conv_bn after each sum",
    [](const Options& o) { return std::make_shared<RetinaFaceFPNImpl>(o); });

const Registrar<Neck> kSSH("neck", "SSH", SSHImpl::schema(),
                           "SSH context modules (3x3, 5x5 and 7x7 receptive fields concatenated), one per level",
                           [](const Options& o) { return std::make_shared<SSHImpl>(o); });

}  // namespace

}  // namespace mmdet4j::models
