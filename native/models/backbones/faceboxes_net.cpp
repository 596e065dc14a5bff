#include "models/backbones/faceboxes_net.h"

#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

// The authors' BasicConv2d: conv (no bias) + BN + ReLU, named conv / bn.
ConvBnAct basic_conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1) {
  ConvBnActOptions o{in, out, kernel, stride, kernel / 2, 1, 0.0};
  o.named_by_role = true;
  return ConvBnAct(o);
}

}  // namespace

CReLUConvImpl::CReLUConvImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding) {
  ConvBnActOptions o{in, out, kernel, stride, padding, 1, std::nullopt};
  o.named_by_role = true;
  conv_bn_ = ConvBnAct(o);
  // The conv and norm sit directly under this module (conv1.conv.weight), as the authors' CRelu.
  register_module("conv", conv_bn_->conv);
  register_module("bn", conv_bn_->bn);
}

torch::Tensor CReLUConvImpl::forward(const torch::Tensor& x) {
  auto y = conv_bn_->forward(x);
  auto both = torch::cat({y, -y}, 1);
  return torch::relu_(both);
}

FaceBoxesInceptionImpl::FaceBoxesInceptionImpl() {
  branch1x1 = register_module("branch1x1", basic_conv(128, 32, 1));
  branch1x1_2 = register_module("branch1x1_2", basic_conv(128, 32, 1));
  branch3x3_reduce = register_module("branch3x3_reduce", basic_conv(128, 24, 1));
  branch3x3 = register_module("branch3x3", basic_conv(24, 32, 3));
  branch3x3_reduce_2 = register_module("branch3x3_reduce_2", basic_conv(128, 24, 1));
  branch3x3_2 = register_module("branch3x3_2", basic_conv(24, 32, 3));
  branch3x3_3 = register_module("branch3x3_3", basic_conv(32, 32, 3));
}

torch::Tensor FaceBoxesInceptionImpl::forward(const torch::Tensor& x) {
  namespace F = torch::nn::functional;
  auto pooled = F::avg_pool2d(x, F::AvgPool2dFuncOptions(3).stride(1).padding(1));
  return torch::cat({branch1x1->forward(x), branch1x1_2->forward(pooled),
                     branch3x3->forward(branch3x3_reduce->forward(x)),
                     branch3x3_3->forward(branch3x3_2->forward(branch3x3_reduce_2->forward(x)))},
                    1);
}

Schema FaceBoxesNetImpl::schema() {
  return Schema()
      .optional("pretrained", ParamType::kStr, nullptr, "checkpoint loaded by the caller after construction")
      .optional("init_cfg", ParamType::kDict, nullptr, "{type: Pretrained, checkpoint}: loaded by the caller");
}

FaceBoxesNetImpl::FaceBoxesNetImpl(const Options& given) {
  static const Schema s = schema();
  const auto o = given.checked_by(s, "FaceBoxesNet");
  check_pretrained_weights(o);
  conv1 = register_module("conv1", CReLUConv(3, 24, 7, 4, 3));
  conv2 = register_module("conv2", CReLUConv(48, 64, 5, 2, 2));
  inception1 = register_module("inception1", FaceBoxesInception());
  inception2 = register_module("inception2", FaceBoxesInception());
  inception3 = register_module("inception3", FaceBoxesInception());
  conv3_1 = register_module("conv3_1", basic_conv(128, 128, 1));
  conv3_2 = register_module("conv3_2", basic_conv(128, 256, 3, 2));
  conv4_1 = register_module("conv4_1", basic_conv(256, 128, 1));
  conv4_2 = register_module("conv4_2", basic_conv(128, 256, 3, 2));
  torch::NoGradGuard no_grad;
  for (auto& m : modules(/*include_self=*/false)) {
    if (auto* c = m->as<torch::nn::Conv2d>()) c->weight.normal_(0, 0.01);
  }
}

std::vector<torch::Tensor> FaceBoxesNetImpl::forward(const torch::Tensor& images) {
  namespace F = torch::nn::functional;
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3, "FaceBoxesNet: input must be (N, 3, H, W), got ",
              images.sizes());
  auto pool = [](const torch::Tensor& x) { return F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(2).padding(1)); };
  auto x = pool(conv2->forward(pool(conv1->forward(images))));
  auto level0 = inception3->forward(inception2->forward(inception1->forward(x)));
  auto level1 = conv3_2->forward(conv3_1->forward(level0));
  auto level2 = conv4_2->forward(conv4_1->forward(level1));
  return {level0, level1, level2};
}

namespace {

const Registrar<Backbone> kFaceBoxesNet(
    "backbone", "FaceBoxesNet", FaceBoxesNetImpl::schema(),
    "FaceBoxes' RDCL (CReLU convs) and MSCL (Inception, conv3, conv4): feature maps at strides 32, 64, 128",
    [](const Options& o) { return std::make_shared<FaceBoxesNetImpl>(o); });

}  // namespace

}  // namespace mmdet4j::models
