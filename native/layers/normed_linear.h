#pragma once
// A box head's classifier as mmdetection v2.28's cls_predictor_cfg gives it: dict(type='Linear')
// or a cosine classifier dict(type='NormedLinear', tempearture=20, power=1.0, eps=1e-6) (mmdetection's
// spelling of "temperature"), optionally with bias=False. NormedLinear scales the rows of the
// input and of the weight to unit norm (norm ** power + eps), multiplies the input by the
// temperature, then applies the linear map: logits = tempearture * cos(angle) (+ bias).

#include <torch/torch.h>

#include <string>

#include "core/options.h"

namespace mmdet4j::models {

struct ClassifierConfig {
  bool normed = false;
  double temperature = 20, power = 1, eps = 1e-6;
  bool bias = true;

  // The cls_predictor_cfg under `key` of `options`; errors name the config path.
  static ClassifierConfig from(const Options& options, const std::string& key);

  // The classifier's logits from features (N, in) with an nn.Linear's weight (out, in) and bias.
  torch::Tensor apply(const torch::Tensor& x, torch::nn::Linear linear) const;
};

}  // namespace mmdet4j::models
