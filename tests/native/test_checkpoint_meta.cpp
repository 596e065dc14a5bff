// A checkpoint's meta: written as the dict mmcv writes, read back as the JSON it was given, and
// string metas of older files still read; the optimizer state in torch.optim's layout restores
// the momentum buffers, and the layout of earlier mmdet4j files still does.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>

#include "core/options.h"
#include "io/checkpoint.h"
#include "train/sgd_trainer.h"
#include "tiny_detectors.h"

namespace {

using namespace mmdet4j;

class CheckpointMeta : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mmdet4j_meta_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

TEST_F(CheckpointMeta, JsonObjectRoundTripsThroughADict) {
  auto model = test_support::tiny_retinanet(18);
  const std::string meta =
      R"({"CLASSES": ["circle", "rectangle"], "epoch": 3, "lr": 0.5, "seed": null, "flip": true,)"
      R"( "hook_states": {"CheckpointHook": {"kept": ["epoch_1.pth"]}}, "config": "model = dict()\n"})";
  io::save_checkpoint(*model, file("a.pth"), meta, nullptr);
  auto loaded = io::load_checkpoint(*model, file("a.pth"), /*strict=*/true);
  ASSERT_TRUE(loaded.meta.has_value());
  EXPECT_EQ(nlohmann::json::parse(*loaded.meta), nlohmann::json::parse(meta));
  EXPECT_EQ(loaded.meta->rfind(R"({"CLASSES")", 0), 0u) << "keys keep their order: " << *loaded.meta;
}

TEST_F(CheckpointMeta, StringMetasOfOlderFilesReadAsTheyAre) {
  auto model = test_support::tiny_retinanet(18);
  c10::impl::GenericDict root(c10::StringType::get(), c10::AnyType::get());
  c10::Dict<std::string, at::Tensor> state;
  for (const auto& p : model->named_parameters()) state.insert(p.key(), p.value().detach());
  for (const auto& b : model->named_buffers()) state.insert(b.key(), b.value().detach());
  root.insert("meta", std::string(R"({"epoch": 2})"));
  root.insert("state_dict", state);
  io::write_pth(file("old.pth"), c10::IValue(root));
  EXPECT_EQ(io::load_checkpoint(*model, file("old.pth"), true).meta, std::optional<std::string>(R"({"epoch": 2})"));
  io::save_checkpoint(*model, file("empty.pth"), "", nullptr);
  EXPECT_EQ(io::load_checkpoint(*model, file("empty.pth"), true).meta, std::optional<std::string>(""));
}

// One SGD step on the sum of squared parameters gives every parameter a momentum buffer.
train::SgdTrainer stepped_trainer(torch::nn::Module& model) {
  train::SgdTrainer trainer(model, Options::parse("type=SGD\nlr=0.02\nmomentum=0.9\nparamwise_cfg.bias_lr_mult=2\n"));
  torch::Tensor squares = torch::zeros({});
  for (const auto& p : model.parameters()) {
    if (p.requires_grad()) squares = squares + p.pow(2).sum();
  }
  trainer.step({{"loss", squares}});
  return trainer;
}

TEST_F(CheckpointMeta, OptimizerStateRestoresTheMomentumBuffers) {
  torch::manual_seed(0);
  auto model = test_support::tiny_retinanet(18);
  auto trainer = stepped_trainer(*model);
  const auto state = trainer.state();
  ASSERT_EQ(state.groups.size(), 3u);  // plain weights, norms, biases (at twice the lr)
  EXPECT_DOUBLE_EQ(state.groups[2].lr, 0.04);
  io::save_checkpoint(*model, file("opt.pth"), "{}", &state);

  auto fresh = test_support::tiny_retinanet(18);
  train::SgdTrainer restored(*fresh, Options::parse("type=SGD\nlr=0.02\nmomentum=0.9\n"));
  auto loaded = io::load_checkpoint(*fresh, file("opt.pth"), /*strict=*/true);
  ASSERT_EQ(loaded.momentum_buffers.size(), state.momentum_buffers.size());
  restored.load_momentum_buffers(loaded.momentum_buffers);
  const auto buffers = restored.momentum_buffers();
  ASSERT_EQ(buffers.size(), state.momentum_buffers.size());
  for (const auto& [name, buffer] : state.momentum_buffers) {
    ASSERT_TRUE(buffers.count(name)) << name;
    EXPECT_TRUE(torch::equal(buffers.at(name), buffer)) << name;
  }

  // Files of earlier mmdet4j versions: {'optimizer': {'momentum_buffer': {name: tensor}}}.
  c10::Dict<std::string, at::Tensor> old_buffers, weights;
  for (const auto& [name, buffer] : state.momentum_buffers) old_buffers.insert(name, buffer);
  for (const auto& p : model->named_parameters()) weights.insert(p.key(), p.value().detach());
  for (const auto& b : model->named_buffers()) weights.insert(b.key(), b.value().detach());
  c10::impl::GenericDict optimizer(c10::StringType::get(), c10::AnyType::get());
  optimizer.insert("momentum_buffer", old_buffers);
  c10::impl::GenericDict root(c10::StringType::get(), c10::AnyType::get());
  root.insert("state_dict", weights);
  root.insert("optimizer", optimizer);
  io::write_pth(file("old.pth"), c10::IValue(root));
  EXPECT_EQ(io::load_checkpoint(*fresh, file("old.pth"), true).momentum_buffers.size(), state.momentum_buffers.size());
}

}  // namespace
