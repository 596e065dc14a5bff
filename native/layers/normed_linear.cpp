#include "layers/normed_linear.h"

#include "registry/schema.h"

namespace mmdet4j::models {

ClassifierConfig ClassifierConfig::from(const Options& options, const std::string& key) {
  static const Schema schema = Schema()
      .optional("tempearture", ParamType::kFloat, 20.0, "NormedLinear: the logits' scale (mmdetection's spelling)")
      .optional("power", ParamType::kFloat, 1.0, "NormedLinear: rows are divided by their norm ** power")
      .optional("eps", ParamType::kFloat, 1e-6, "NormedLinear: added to the norms")
      .optional("bias", ParamType::kBool, true, "whether the classifier has a bias");
  const auto given = options.section(key);
  const auto type = given.get_string("type", "Linear");
  TORCH_CHECK(type == "Linear" || type == "NormedLinear", given.path_of("type"),
              ": only 'Linear' and 'NormedLinear' are supported, got '", type, "'");
  const auto o = given.with_schema(schema, key);
  ClassifierConfig c;
  c.normed = type == "NormedLinear";
  c.bias = o.get_bool("bias");
  if (c.normed) {
    c.temperature = o.get_double("tempearture");
    c.power = o.get_double("power");
    c.eps = o.get_double("eps");
    TORCH_CHECK(c.temperature > 0, o.path_of("tempearture"), ": must be positive, got ", c.temperature);
  } else {
    for (const char* k : {"tempearture", "power", "eps"}) {
      TORCH_CHECK(!o.has(k), o.path_of(k), ": only NormedLinear takes it");
    }
  }
  return c;
}

torch::Tensor ClassifierConfig::apply(const torch::Tensor& x, torch::nn::Linear linear) const {
  if (!normed) return linear(x);
  auto w = linear->weight / (linear->weight.norm(2, {1}, true).pow(power) + eps);
  auto v = x / (x.norm(2, {1}, true).pow(power) + eps) * temperature;
  return torch::nn::functional::linear(v, w, bias ? linear->bias : torch::Tensor());
}

}  // namespace mmdet4j::models
