#include "layers/conv_module.h"

namespace mmdet4j::models {

ConvModuleImpl::ConvModuleImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, bool relu) : relu_(relu) {
  conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                                       .stride(stride).padding(kernel / 2)));
}

torch::Tensor ConvModuleImpl::forward(const torch::Tensor& x) {
  auto y = conv(x);
  return relu_ ? torch::relu(y) : y;
}

namespace {

template <class Init>
void init_weights(torch::nn::Module& module, Init init) {
  torch::NoGradGuard no_grad;
  for (auto& p : module.named_parameters()) {
    if (p.key().find("weight") != std::string::npos) {
      init(p.value());
    } else {
      torch::nn::init::zeros_(p.value());
    }
  }
}

}  // namespace

void init_normal(torch::nn::Module& module, double std) {
  init_weights(module, [std](torch::Tensor& w) { torch::nn::init::normal_(w, 0, std); });
}

void init_xavier_uniform(torch::nn::Module& module) {
  init_weights(module, [](torch::Tensor& w) { torch::nn::init::xavier_uniform_(w); });
}

}  // namespace mmdet4j::models
