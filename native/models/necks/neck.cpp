#include "models/necks/neck.h"

#include <string>

#include "models/backbones/backbone.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

// Necks applied one after another, registered as "0", "1", ... (mmcv builds a list of neck
// configs into an nn.Sequential).
class NeckSequence : public Neck {
 public:
  explicit NeckSequence(std::vector<std::shared_ptr<Neck>> necks) : necks_(std::move(necks)) {
    for (size_t i = 0; i < necks_.size(); ++i) register_module(std::to_string(i), necks_[i]);
  }

  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs) override {
    auto features = inputs;
    for (auto& neck : necks_) features = neck->forward(features);
    return features;
  }

  std::vector<int64_t> out_channels() const override { return necks_.back()->out_channels(); }

 private:
  std::vector<std::shared_ptr<Neck>> necks_;
};

}  // namespace

Options with_input_channels(Options neck, const Backbone& backbone) {
  if (!neck.has("in_channels")) neck.set("in_channels", Json(backbone.out_channels()));
  return neck;
}

std::shared_ptr<Neck> build_neck(const Options& model, const std::string& key, const Backbone& backbone) {
  const int64_t count = model.list_size(key);
  if (count < 0) return build<Neck>("neck", with_input_channels(model.sub(key), backbone), "");
  std::vector<std::shared_ptr<Neck>> necks;
  for (int64_t i = 0; i < count; ++i) {
    const auto item = model.sub(key + "." + std::to_string(i));
    necks.push_back(build<Neck>("neck", i == 0 ? with_input_channels(item, backbone) : item, ""));
  }
  return std::make_shared<NeckSequence>(std::move(necks));
}

}  // namespace mmdet4j::models
