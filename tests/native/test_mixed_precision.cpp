// Mixed precision and the inference fast path: batch norms folded into their convolutions,
// training steps under bfloat16 autocast, and the loss scaler's rule (GradScaler's) with an
// overflow simulated on the CPU.

#include <ATen/autocast_mode.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/autocast.h"
#include "core/options.h"
#include "error_of.h"
#include "io/checkpoint.h"
#include "layers/conv_bn_fold.h"
#include "models/detectors/detector.h"
#include "tiny_detectors.h"
#include "train/loss_scaler.h"
#include "train/sgd_trainer.h"

namespace {

using namespace mmdet4j;
using mmdet4j::test_support::error_of;

// Batch-norm statistics and affine parameters far from the identity, so that folding matters.
void randomize_batch_norms(torch::nn::Module& model) {
  torch::NoGradGuard no_grad;
  for (auto& m : model.modules()) {
    if (auto* bn = m->as<torch::nn::BatchNorm2d>()) {
      bn->running_mean.uniform_(-0.5, 0.5);
      bn->running_var.uniform_(0.5, 2.0);
      bn->weight.uniform_(0.5, 1.5);
      bn->bias.uniform_(-0.2, 0.2);
    }
  }
}

std::shared_ptr<models::DetectorModule> detector(const std::string& kind) {
  torch::manual_seed(3);
  if (kind == "RetinaNet") return test_support::tiny_retinanet(18, "test_cfg.score_thr=0.0\n");
  return models::build_detector(Options::parse(test_support::tiny_two_stage(kind == "MaskRCNN"), "model"));
}

std::map<std::string, torch::Tensor> state_copy(torch::nn::Module& model) {
  std::map<std::string, torch::Tensor> out;
  for (const auto& p : model.named_parameters()) out[p.key()] = p.value().detach().clone();
  for (const auto& b : model.named_buffers()) out[b.key()] = b.value().detach().clone();
  return out;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class FoldedEvaluation : public testing::TestWithParam<std::string> {};

TEST_P(FoldedEvaluation, EqualsUnfoldedAndLeavesTheWeightsAsTheyWere) {
  auto model = detector(GetParam());
  randomize_batch_norms(*model);
  model->eval();
  const auto before = state_copy(*model);
  auto images = torch::randn({2, 3, 64, 96}, torch::TensorOptions().dtype(torch::kFloat));
  std::vector<models::ImageMeta> metas{{64, 96}, {60, 90}};
  for (auto& m : metas) m.ori_height = m.height, m.ori_width = m.width;
  torch::NoGradGuard no_grad;
  std::vector<models::Detections> unfolded;
  {
    models::NoBatchNormFolding off;
    unfolded = model->simple_test(images, metas, true);
  }
  auto folded = model->simple_test(images, metas, true);
  ASSERT_EQ(folded.size(), unfolded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    ASSERT_GT(unfolded[i].boxes.size(0), 0) << "image " << i << " has no detections to compare";
    ASSERT_EQ(folded[i].boxes.sizes(), unfolded[i].boxes.sizes()) << "image " << i;
    EXPECT_TRUE(torch::allclose(folded[i].boxes, unfolded[i].boxes, 1e-4, 1e-4)) << "image " << i;
    EXPECT_TRUE(torch::allclose(folded[i].scores, unfolded[i].scores, 1e-4, 1e-5)) << "image " << i;
    EXPECT_TRUE(torch::equal(folded[i].labels, unfolded[i].labels)) << "image " << i;
    if (folded[i].masks.defined()) {
      // A pixel whose probability sits at the 0.5 threshold may flip: allow a few per image.
      EXPECT_LE(folded[i].masks.ne(unfolded[i].masks).sum().item<int64_t>(), 10) << "image " << i;
    }
  }
  const auto after = state_copy(*model);
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [name, tensor] : before) EXPECT_TRUE(torch::equal(after.at(name), tensor)) << name;
}

TEST(FoldedEvaluationCheckpoint, SavedAfterInferenceIsTheLoadedFile) {
  auto model = detector("FasterRCNN");
  randomize_batch_norms(*model);
  const auto dir = std::filesystem::temp_directory_path() / ("mmdet4j_fold_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto loaded = (dir / "loaded.pth").string(), saved = (dir / "saved.pth").string();
  io::save_checkpoint(*model, loaded, "{}", nullptr);
  io::load_checkpoint(*model, loaded, /*strict=*/true);
  model->eval();
  {
    c10::InferenceMode inference;
    model->simple_test(torch::randn({1, 3, 64, 96}), {{64, 96}}, true);
  }
  io::save_checkpoint(*model, saved, "{}", nullptr);
  const bool same = file_bytes(loaded) == file_bytes(saved);
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(same) << "the checkpoint written after folded inference differs from the one loaded";
}

INSTANTIATE_TEST_SUITE_P(Detectors, FoldedEvaluation, testing::Values("RetinaNet", "FasterRCNN", "MaskRCNN"));

TEST(ConvBnFold, FollowsWeightChangesAndTrainingMode) {
  torch::manual_seed(0);
  torch::nn::Conv2d conv(torch::nn::Conv2dOptions(3, 4, 3).padding(1).bias(false));
  torch::nn::BatchNorm2d bn(4);
  randomize_batch_norms(*bn);
  bn->eval();
  models::ConvBnFold fold;
  auto x = torch::randn({1, 3, 8, 8});
  torch::NoGradGuard no_grad;
  auto folded = fold.forward(*conv, *bn, x);
  EXPECT_TRUE(torch::allclose(folded, bn(conv(x)), 1e-5, 1e-5));
  EXPECT_FALSE(torch::equal(folded, bn(conv(x)))) << "one convolution rounds differently from conv + norm";
  // A checkpoint load copies into the tensors in place: the fold must see it.
  conv->weight.mul_(2);
  bn->running_var.add_(1);
  EXPECT_TRUE(torch::allclose(fold.forward(*conv, *bn, x), bn(conv(x)), 1e-5, 1e-5));
  bn->train();
  auto trained = fold.forward(*conv, *bn, x);  // batch statistics: not folded
  EXPECT_NEAR(trained.mean().item<double>(), bn->bias.mean().item<double>(), 1e-4);
}

// Evaluation during training: after a folded evaluation, a training step (LibTorch's SGD writes
// through p.data(), which leaves the parameter's version alone; batch norm updates its running
// statistics inside its kernel) must not leave the next evaluation with the old fold.
TEST(ConvBnFold, RefoldsAfterATrainingStepAndAnSgdUpdate) {
  torch::manual_seed(0);
  torch::nn::Conv2d conv(torch::nn::Conv2dOptions(3, 4, 3).padding(1).bias(false));
  torch::nn::BatchNorm2d bn(4);
  models::ConvBnFold fold;
  auto x = torch::randn({2, 3, 8, 8});
  auto evaluate = [&] {
    bn->eval();
    torch::NoGradGuard no_grad;
    auto folded = fold.forward(*conv, *bn, x);
    auto plain = bn(conv(x));
    bn->train();
    return std::make_pair(folded, plain);
  };
  const auto first = evaluate();
  EXPECT_TRUE(torch::allclose(first.first, first.second, 1e-5, 1e-5));
  std::vector<torch::Tensor> params{conv->weight, bn->weight, bn->bias};
  torch::optim::SGD sgd(params, torch::optim::SGDOptions(0.5));
  const auto version = conv->weight._version();
  fold.forward(*conv, *bn, x).pow(2).mean().backward();
  sgd.step();
  const auto second = evaluate();
  EXPECT_FALSE(torch::allclose(second.second, first.second, 1e-3, 1e-3)) << "the step changed nothing";
  EXPECT_TRUE(torch::allclose(second.first, second.second, 1e-5, 1e-5))
      << "the evaluation after the step used the old fold (weight version " << version << " -> "
      << conv->weight._version() << ")";
}

// The losses of one step on the same batch, in float32 or under bfloat16 autocast.
std::map<std::string, double> step_losses(const std::string& kind, bool autocast) {
  auto model = detector(kind);
  model->train();
  auto images = torch::randn({2, 3, 64, 96}, torch::TensorOptions().dtype(torch::kFloat));
  std::vector<models::GroundTruth> gts{
      {torch::tensor({10.f, 10.f, 40.f, 50.f, 50.f, 8.f, 90.f, 40.f}).view({2, 4}), torch::tensor({2, 0}, torch::kLong)},
      {torch::tensor({20.f, 12.f, 70.f, 58.f}).view({1, 4}), torch::tensor({1}, torch::kLong)}};
  if (kind == "MaskRCNN") {
    for (auto& gt : gts) {
      gt.masks = torch::zeros({gt.boxes.size(0), 64, 96}, torch::kByte);
      for (int64_t k = 0; k < gt.boxes.size(0); ++k) {
        auto b = gt.boxes[k];
        gt.masks[k]
            .narrow(0, b[1].item<int64_t>(), b[3].item<int64_t>() - b[1].item<int64_t>())
            .narrow(1, b[0].item<int64_t>(), b[2].item<int64_t>() - b[0].item<int64_t>())
            .fill_(1);
      }
    }
  }
  std::vector<models::ImageMeta> metas{{64, 96}, {64, 96}};
  torch::manual_seed(11);  // the same sampled RoIs in both runs
  core::AutocastGuard guard(torch::kCPU, autocast ? std::optional<at::ScalarType>(at::kBFloat16) : std::nullopt);
  std::map<std::string, double> out;
  for (const auto& [name, value] : model->forward_train(images, gts, metas)) {
    EXPECT_EQ(value.scalar_type(), at::kFloat) << name << ": losses are float32 under autocast";
    out[name] = value.item<double>();
  }
  return out;
}

class AutocastStep : public testing::TestWithParam<std::string> {};

TEST_P(AutocastStep, LossesWithinOnePercentOfFloat32) {
  const auto fp32 = step_losses(GetParam(), false);
  const auto bf16 = step_losses(GetParam(), true);
  ASSERT_EQ(fp32.size(), bf16.size());
  double total = 0, total_bf16 = 0;
  for (const auto& [name, value] : fp32) {
    if (!train::is_optimised(name)) continue;
    EXPECT_NEAR(bf16.at(name), value, 1e-2 * std::abs(value) + 1e-6) << name;
    total += value;
    total_bf16 += bf16.at(name);
  }
  EXPECT_NE(total_bf16, total) << "the autocast step computed exactly the float32 losses: was autocast on?";
}

INSTANTIATE_TEST_SUITE_P(Detectors, AutocastStep, testing::Values("RetinaNet", "FasterRCNN", "MaskRCNN"));

TEST(LossScaler, DynamicScaleBacksOffOnOverflowAndGrowsAfterTheInterval) {
  auto s = train::LossScaler::from(Json::parse(R"({"init_scale": 1024, "growth_interval": 3})"), "fp16.loss_scale");
  EXPECT_TRUE(s.dynamic());
  EXPECT_EQ(s.scale(), 1024);
  s.update(true);
  EXPECT_EQ(s.scale(), 512);
  s.update(false);
  s.update(false);
  EXPECT_EQ(s.scale(), 512);
  s.update(false);
  EXPECT_EQ(s.scale(), 1024);
  s.update(false);
  s.update(true);  // an overflow restarts the interval
  s.update(false);
  s.update(false);
  EXPECT_EQ(s.scale(), 512);
  s.update(false);
  EXPECT_EQ(s.scale(), 1024);
}

TEST(LossScaler, DefaultsAreGradScalersAndStaticScalesStay) {
  auto dynamic = train::LossScaler::from(Json("dynamic"), "fp16.loss_scale");
  EXPECT_EQ(dynamic.scale(), 65536);
  auto fixed = train::LossScaler::from(Json(512.0), "fp16.loss_scale");
  EXPECT_FALSE(fixed.dynamic());
  for (int i = 0; i < 3000; ++i) fixed.update(i % 2 == 0);
  EXPECT_EQ(fixed.scale(), 512);
  EXPECT_EQ(train::LossScaler().scale(), 1);
}

TEST(LossScaler, StateRoundTripsAndBadValuesNameTheKey) {
  auto s = train::LossScaler::from(Json("dynamic"), "fp16.loss_scale");
  s.update(true);
  s.update(false);
  auto restored = train::LossScaler::from(Json("dynamic"), "fp16.loss_scale");
  restored.load_state(s.state());
  EXPECT_EQ(restored.state(), s.state());
  EXPECT_EQ(Json::parse(s.state())["scale"].get<double>(), 32768);
  EXPECT_EQ(Json::parse(s.state())["_growth_tracker"].get<int64_t>(), 1);
  EXPECT_EQ(error_of([] { train::LossScaler::from(Json("auto"), "fp16.loss_scale"); }),
            "fp16.loss_scale: expected a number, 'dynamic' or a dict of GradScaler's arguments, got \"auto\"");
  EXPECT_EQ(error_of([] { train::LossScaler::from(Json(-1.0), "fp16.loss_scale"); }),
            "fp16.loss_scale: the loss scale must be positive and finite, got -1");
  EXPECT_EQ(error_of([] { train::LossScaler::from(Json::parse(R"({"init_scal": 8})"), "fp16.loss_scale"); }),
            "fp16.loss_scale.init_scal: unknown key (GradScaler takes init_scale, growth_factor, backoff_factor, "
            "growth_interval)");
  EXPECT_EQ(error_of([&] { restored.load_state(R"({"scale": 2})"); }),
            "loss scaler state: 'growth_factor' is missing or not a number");
}

// A parameter whose gradient is finite in float32 but overflows once the loss is scaled: what a
// float16 backward pass does to a large gradient, simulated on the CPU.
struct OverflowModel : torch::nn::Module {
  OverflowModel() { w = register_parameter("w", torch::ones({2})); }
  torch::Tensor w;
};

TEST(LossScaledStep, SkipsTheStepOnOverflowHalvesTheScaleThenGrows) {
  auto holder = std::make_shared<OverflowModel>();  // named_modules() needs a shared_ptr
  auto& model = *holder;
  train::SgdTrainer trainer(model, Options::parse("lr=0.1\nmomentum=0\nweight_decay=0"));
  trainer.set_loss_scaler(
      train::LossScaler::from(Json::parse(R"({"init_scale": 65536, "growth_interval": 2})"), "fp16.loss_scale"));
  // d(loss)/dw = 1e35: finite, but 1e35 * 65536 overflows float32 to inf.
  auto huge = [&] { return std::map<std::string, torch::Tensor>{{"loss", (model.w * 1e35f).sum()}}; };
  auto small = [&] { return std::map<std::string, torch::Tensor>{{"loss", (model.w * 0.5f).sum()}}; };
  auto r = trainer.step(huge());
  EXPECT_FALSE(r.updated);
  EXPECT_TRUE(r.overflow);
  EXPECT_EQ(r.loss_scale, 65536);
  EXPECT_TRUE(torch::equal(model.w, torch::ones({2}))) << "the overflowing step must not touch the weights";
  EXPECT_EQ(trainer.loss_scaler().scale(), 32768);
  r = trainer.step(small());
  EXPECT_TRUE(r.updated);
  EXPECT_FALSE(r.overflow);
  EXPECT_NEAR(r.grad_norm, 0.5 * std::sqrt(2.0), 1e-6) << "gradients are unscaled before they are measured";
  EXPECT_TRUE(torch::allclose(model.w, torch::full({2}, 0.95f)));
  EXPECT_EQ(trainer.loss_scaler().scale(), 32768);
  trainer.step(small());
  EXPECT_EQ(trainer.loss_scaler().scale(), 65536) << "grows after growth_interval finite steps";
}

TEST(Autocast, PrecisionNamesAndGuardRestoresTheState) {
  EXPECT_EQ(core::autocast_dtype("fp32"), std::nullopt);
  EXPECT_EQ(core::autocast_dtype("bf16"), at::kBFloat16);
  EXPECT_EQ(core::autocast_dtype("float16"), at::kHalf);
  EXPECT_EQ(error_of([] { core::autocast_dtype("int8"); }),
            "precision must be fp32, bf16 or fp16 (float32, bfloat16, float16), got 'int8'");
  EXPECT_FALSE(at::autocast::is_autocast_enabled(at::kCPU));
  {
    core::AutocastGuard guard(at::kCPU, at::kBFloat16);
    EXPECT_TRUE(at::autocast::is_autocast_enabled(at::kCPU));
    auto y = torch::mm(torch::ones({2, 2}), torch::ones({2, 2}));
    EXPECT_EQ(y.scalar_type(), at::kBFloat16);
    EXPECT_EQ(core::to_float32(y).scalar_type(), at::kFloat);
  }
  EXPECT_FALSE(at::autocast::is_autocast_enabled(at::kCPU));
}

}  // namespace
