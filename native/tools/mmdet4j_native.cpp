// mmdet4j_native: the native core without Java, for parity checks from Python and for timing
// where no JVM exists (GPU machines).
//
//   mmdet4j_native features OPTIONS WEIGHTS INPUT OUTPUT   ResNet features of a torch.save'd input
//   mmdet4j_native save OPTIONS OUTPUT [META_JSON]         write a detector checkpoint (model.type)
//   mmdet4j_native load OPTIONS CHECKPOINT [--strict]      load a checkpoint, print the report
//   mmdet4j_native bench OPTIONS MODE BATCH HEIGHT WIDTH ITERS [DEVICE [PRECISION]]
//                                                          MODE infer|train: median ms per call;
//                                                          PRECISION fp32 (default), bf16, fp16:
//                                                          autocast of the forward pass;
//                                                          MMDET4J_BN_FOLDING=0: batch norms unfolded;
//                                                          MMDET4J_BENCH_WEIGHTS=CKPT: trained weights
//                                                          (loaded strictly) instead of the initial ones
// OPTIONS is a file of "key=value" lines (native/core/options.h); for features the backbone's.

#include <torch/serialize.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "core/autocast.h"
#include "core/options.h"
#include "io/checkpoint.h"
#include "io/pth_reader.h"
#include "layers/conv_bn_fold.h"
#include "models/backbones/resnet.h"
#include "models/detectors/detector.h"
#include "train/sgd_trainer.h"

namespace {

using mmdet4j::Options;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  TORCH_CHECK(in.good(), "cannot read ", path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The detector of an options file; "type" defaults to RetinaNet (options files written before
// two-stage detectors existed have none).
std::shared_ptr<mmdet4j::models::DetectorModule> detector_from(const std::string& path) {
  auto options = Options::parse(read_text(path));
  if (!options.has("type")) options.set("type", "RetinaNet");
  return mmdet4j::models::build_detector(options);
}

int features(const std::vector<std::string>& a) {
  TORCH_CHECK(a.size() == 4, "usage: features OPTIONS WEIGHTS INPUT OUTPUT");
  mmdet4j::models::ResNet net(mmdet4j::models::ResNetOptions::from(Options::parse(read_text(a[0]))));
  std::cout << mmdet4j::io::load_checkpoint(*net, a[1], /*strict=*/false).report.to_string() << "\n";
  net->eval();
  torch::NoGradGuard no_grad;
  auto input = mmdet4j::io::read_pth(a[2]);
  TORCH_CHECK(input->kind == mmdet4j::io::PyValue::Kind::kTensor, a[2], " does not hold a tensor");
  auto x = input->tensor;
  auto outs = net->forward(x);
  c10::impl::GenericList list(c10::AnyType::get());
  for (auto& t : outs) list.push_back(t);
  mmdet4j::io::write_pth(a[3], c10::IValue(list));
  return 0;
}

// With --with-optimizer, the checkpoint also holds the state of an SGD (lr 0.02, momentum 0.9,
// weight decay 1e-4, biases at twice the lr and without decay) after one step on the sum of the
// squared parameters, so that every parameter has a momentum buffer.
int save(std::vector<std::string> a) {
  const bool with_optimizer = !a.empty() && a.back() == "--with-optimizer";
  if (with_optimizer) a.pop_back();
  TORCH_CHECK(a.size() == 2 || a.size() == 3, "usage: save OPTIONS OUTPUT [META_JSON] [--with-optimizer]");
  torch::manual_seed(0);
  auto model = detector_from(a[0]);
  const std::string meta = a.size() == 3 ? a[2] : "{\"mmdet4j_version\": \"0.1.0\"}";
  if (!with_optimizer) {
    mmdet4j::io::save_checkpoint(*model, a[1], meta, nullptr);
    return 0;
  }
  mmdet4j::train::SgdTrainer trainer(
      *model, Options::parse("type=SGD\nlr=0.02\nmomentum=0.9\nweight_decay=0.0001\n"
                             "paramwise_cfg.bias_lr_mult=2\nparamwise_cfg.bias_decay_mult=0\n"));
  torch::Tensor squares = torch::zeros({});
  for (const auto& p : model->parameters()) {
    if (p.requires_grad()) squares = squares + p.pow(2).sum();
  }
  trainer.step({{"loss", squares}});
  const auto state = trainer.state();
  mmdet4j::io::save_checkpoint(*model, a[1], meta, &state);
  return 0;
}

int load(const std::vector<std::string>& a) {
  TORCH_CHECK(a.size() == 2 || a.size() == 3, "usage: load OPTIONS CHECKPOINT [--strict]");
  auto model = detector_from(a[0]);
  const bool strict = a.size() == 3 && a[2] == "--strict";
  std::cout << mmdet4j::io::load_checkpoint(*model, a[1], strict).report.to_string() << "\n";
  return 0;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

int bench(const std::vector<std::string>& a) {
  TORCH_CHECK(a.size() >= 6 && a.size() <= 8,
              "usage: bench OPTIONS infer|train BATCH HEIGHT WIDTH ITERS [DEVICE [PRECISION]]");
  const std::string mode = a[1];
  const int64_t batch = std::stoll(a[2]), height = std::stoll(a[3]), width = std::stoll(a[4]);
  const int iters = std::stoi(a[5]);
  const torch::Device device(a.size() >= 7 ? a[6] : "cpu");
  const auto autocast_dtype = mmdet4j::core::autocast_dtype(a.size() == 8 ? a[7] : "fp32");
  const char* folding = std::getenv("MMDET4J_BN_FOLDING");
  std::optional<mmdet4j::models::NoBatchNormFolding> unfolded;
  if (folding != nullptr && std::string(folding) == "0") unfolded.emplace();
  torch::manual_seed(0);
  auto model = detector_from(a[0]);
  // Trained weights time the post-processing a real model does (initial ones score every prior
  // alike, so every prior reaches NMS).
  if (const char* weights = std::getenv("MMDET4J_BENCH_WEIGHTS"); weights != nullptr && *weights != 0) {
    mmdet4j::io::load_checkpoint(*model, weights, /*strict=*/true);
  }
  model->to(device);
  auto images = torch::randn({batch, 3, height, width}, torch::TensorOptions().device(device));
  std::vector<mmdet4j::models::ImageMeta> metas(batch, mmdet4j::models::ImageMeta{height, width});
  std::vector<mmdet4j::models::GroundTruth> gts;
  for (int64_t i = 0; i < batch; ++i) {  // a few boxes per image, like a detection batch
    auto xy = torch::rand({8, 2}) * torch::tensor({width * 0.7, height * 0.7});
    auto wh = torch::rand({8, 2}) * torch::tensor({width * 0.3, height * 0.3}) + 16;
    auto boxes = torch::cat({xy, xy + wh}, 1);
    torch::Tensor masks;
    if (model->with_mask()) {  // the boxes filled, as instance masks
      masks = torch::zeros({8, height, width}, torch::kByte);
      for (int64_t k = 0; k < 8; ++k) {
        auto b = boxes[k].to(torch::kLong);
        const int64_t x1 = b[0].item<int64_t>(), y1 = b[1].item<int64_t>();
        const int64_t x2 = std::min(b[2].item<int64_t>(), width), y2 = std::min(b[3].item<int64_t>(), height);
        masks[k].narrow(0, y1, y2 - y1).narrow(1, x1, x2 - x1).fill_(1);
      }
      masks = masks.to(device);
    }
    gts.push_back({boxes.to(device), torch::randint(0, model->num_classes(), {8}).to(device), masks});
  }
  std::unique_ptr<mmdet4j::train::SgdTrainer> trainer;
  if (mode == "train") {
    trainer = std::make_unique<mmdet4j::train::SgdTrainer>(*model, Options::parse("lr=0.01\nmomentum=0.9\nweight_decay=0.0001"));
    // The configs' clipping (the norm is measured either way): a randomly initialised VGG16 SSD
    // diverges to NaN within a few unclipped steps at this rate, and such steps are skipped.
    trainer->set_grad_clip(35, 2);
    model->train();
  } else {
    TORCH_CHECK(mode == "infer", "mode must be infer or train");
    model->eval();
  }
  auto sync = [&] {
    if (device.is_cuda()) torch::cuda::synchronize();
  };
  std::vector<double> times;
  for (int i = 0; i < iters + 1; ++i) {  // the first call warms up and is not counted
    sync();
    auto start = std::chrono::steady_clock::now();
    if (trainer) {
      std::map<std::string, torch::Tensor> losses;
      {
        mmdet4j::core::AutocastGuard autocast(device.type(), autocast_dtype);
        losses = model->forward_train(images, gts, metas);
      }
      const auto result = trainer->step(losses);
      // A step whose loss or gradient is not finite is skipped (no backward or no update): its
      // time would not be a training step's.
      TORCH_CHECK(result.updated, "bench: the training step was not applied (loss ", result.losses.at("loss"),
                  ", gradient norm ", result.grad_norm, ")");
    } else {
      c10::InferenceMode guard;
      mmdet4j::core::AutocastGuard autocast(device.type(), autocast_dtype);
      model->simple_test(images, metas, true);
    }
    sync();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (i > 0) times.push_back(ms);
  }
  std::cout << mode << " batch " << batch << " " << height << "x" << width << " on " << device << " "
            << (a.size() == 8 ? a[7] : "fp32") << (unfolded ? " (batch norms unfolded)" : "") << ": median "
            << median(times) << " ms over " << iters << " runs\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "usage: mmdet4j_native features|save|load|bench ...\n";
    return 2;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  try {
    if (command == "features") return features(args);
    if (command == "save") return save(args);
    if (command == "load") return load(args);
    if (command == "bench") return bench(args);
    std::cerr << "unknown command '" << command << "'\n";
    return 2;
  } catch (const c10::Error& e) {
    std::cerr << "error: " << e.what_without_backtrace() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
