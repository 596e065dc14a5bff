// A checkpoint's meta: written as the dict mmcv writes, read back as the JSON it was given, and
// string metas of older files still read.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>

#include "core/options.h"
#include "io/checkpoint.h"
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

}  // namespace
