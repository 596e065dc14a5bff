#include "layers/conv_bn_act.h"

namespace mmdet4j::models {

ConvBnActImpl::ConvBnActImpl(const ConvBnActOptions& o) : negative_slope_(o.negative_slope) {
  TORCH_CHECK(o.in > 0 && o.out > 0 && o.kernel > 0 && o.stride > 0 && o.groups > 0,
              "ConvBnAct: channels, kernel, stride and groups must be positive");
  conv = register_module(o.named_by_role ? "conv" : "0",
                         torch::nn::Conv2d(torch::nn::Conv2dOptions(o.in, o.out, o.kernel)
                                               .stride(o.stride)
                                               .padding(o.padding)
                                               .groups(o.groups)
                                               .bias(false)));
  bn = register_module(o.named_by_role ? "bn" : "1", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(o.out).eps(o.bn_eps)));
}

torch::Tensor ConvBnActImpl::forward(const torch::Tensor& x) {
  auto y = fold_.forward(*conv, *bn, x);
  if (!negative_slope_) return y;
  return *negative_slope_ == 0 ? torch::relu_(y) : torch::leaky_relu_(y, *negative_slope_);
}

}  // namespace mmdet4j::models
