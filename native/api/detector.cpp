#include "mmdet4j/detector.h"

#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <sstream>

#include "api/tensor_impl.h"
#include "core/autocast.h"
#include "core/options.h"
#include "core/threads.h"
#include "io/checkpoint.h"
#include "models/detectors/detector.h"
#include "train/sgd_trainer.h"

namespace mmdet4j::api {

struct Detector::Impl {
  Options options;
  torch::Device device{torch::kCPU};
  std::shared_ptr<models::DetectorModule> model;
  std::unique_ptr<train::SgdTrainer> trainer;
  std::optional<at::ScalarType> train_dtype;    // autocast dtype of training steps; none: float32
  std::optional<at::ScalarType> predict_dtype;  // autocast dtype of predict
  mutable std::shared_mutex mutex;  // shared: predict; exclusive: everything that changes state

  train::SgdTrainer& require_trainer() const {
    TORCH_CHECK(trainer, "the optimizer is not configured (configureOptimizer first)");
    return *trainer;
  }
};

namespace {

struct Inputs {
  at::Tensor images;
  std::vector<models::ImageMeta> metas;
  std::vector<models::GroundTruth> gts;
};

void check_images(const at::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3, "images must be (N, 3, H, W), got shape ", images.sizes());
  TORCH_CHECK(images.scalar_type() == at::kFloat, "images must be float32, got ", images.scalar_type());
  TORCH_CHECK(images.size(0) > 0 && images.size(2) > 0 && images.size(3) > 0, "images must not be empty");
  TORCH_CHECK(at::isfinite(images).all().item<bool>(), "images contain NaN or infinite values");
}

std::vector<models::ImageMeta> metas_of(const at::Tensor& images, const at::Tensor& sizes, const at::Tensor& scales) {
  const int64_t n = images.size(0);
  TORCH_CHECK(sizes.dim() == 2 && sizes.size(0) == n && sizes.size(1) == 2 && sizes.scalar_type() == at::kLong,
              "image_sizes must be int64 (", n, ", 2) as (h, w), got ", sizes.sizes(), " ", sizes.scalar_type());
  auto s = sizes.to(at::kCPU);
  std::vector<models::ImageMeta> metas;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t h = s[i][0].item<int64_t>(), w = s[i][1].item<int64_t>();
    TORCH_CHECK(h > 0 && w > 0 && h <= images.size(2) && w <= images.size(3), "image ", i, ": size ", h, "x", w,
                " is empty or larger than the padded batch ", images.size(2), "x", images.size(3));
    models::ImageMeta m{h, w};
    if (scales.defined()) {
      TORCH_CHECK(scales.dim() == 2 && scales.size(0) == n && scales.size(1) == 4, "scale_factors must be (", n,
                  ", 4), got ", scales.sizes());
      auto f = scales.to(at::kCPU).to(at::kDouble);
      for (int k = 0; k < 4; ++k) {
        m.scale_factor[k] = f[i][k].item<double>();
        TORCH_CHECK(m.scale_factor[k] > 0 && std::isfinite(m.scale_factor[k]), "image ", i,
                    ": scale factors must be positive and finite");
      }
    }
    metas.push_back(m);
  }
  return metas;
}

Inputs training_inputs(const models::DetectorModule& model, const torch::Device& device, const Tensor& images_h,
                       const Tensor& sizes_h, const Tensor& boxes_h, const Tensor& labels_h, const Tensor& counts_h,
                       const Tensor& masks_h, const Tensor& keypoints_h) {
  Inputs in;
  in.images = unwrap(images_h);
  check_images(in.images);
  in.metas = metas_of(in.images, unwrap(sizes_h), at::Tensor());
  auto boxes = unwrap(boxes_h), labels = unwrap(labels_h), counts = unwrap(counts_h);
  const int64_t n = in.images.size(0);
  TORCH_CHECK(counts.defined() && counts.dim() == 1 && counts.size(0) == n && counts.scalar_type() == at::kLong,
              "gt_counts must be int64 (", n, ",)");
  TORCH_CHECK(boxes.defined() && boxes.dim() == 2 && boxes.size(1) == 4 && boxes.is_floating_point(),
              "gt_boxes must be (G, 4) floating point");
  TORCH_CHECK(labels.defined() && labels.dim() == 1 && labels.size(0) == boxes.size(0) &&
                  labels.scalar_type() == at::kLong,
              "gt_labels must be int64 (", boxes.size(0), ",)");
  TORCH_CHECK((counts >= 0).all().item<bool>() && counts.sum().item<int64_t>() == boxes.size(0),
              "gt_counts must be >= 0 and add up to the ", boxes.size(0), " boxes");
  if (boxes.size(0) > 0) {
    TORCH_CHECK(at::isfinite(boxes).all().item<bool>(), "gt_boxes contain NaN or infinite values");
    TORCH_CHECK(((boxes.select(1, 2) >= boxes.select(1, 0)) & (boxes.select(1, 3) >= boxes.select(1, 1))).all().item<bool>(),
                "gt_boxes have x2 < x1 or y2 < y1");
    const int64_t c = model.num_classes();
    TORCH_CHECK(((labels >= 0) & (labels < c)).all().item<bool>(), "gt_labels must be in [0, ", c, ")");
  }
  auto masks = unwrap(masks_h);
  if (model.with_mask()) {
    TORCH_CHECK(masks.defined(), "this detector has a mask head: gt_masks are required");
    TORCH_CHECK(masks.dim() == 3 && masks.size(0) == boxes.size(0) && masks.size(1) == in.images.size(2) &&
                    masks.size(2) == in.images.size(3) && masks.scalar_type() == at::kByte,
                "gt_masks must be uint8 (", boxes.size(0), ", ", in.images.size(2), ", ", in.images.size(3),
                ") in the padded batch frame, got ", masks.sizes(), " ", masks.scalar_type());
    masks = masks.to(device);
  }
  auto keypoints = unwrap(keypoints_h);
  if (keypoints.defined()) {
    TORCH_CHECK(keypoints.dim() == 3 && keypoints.size(0) == boxes.size(0) && keypoints.size(2) == 3 &&
                    keypoints.scalar_type() == at::kFloat,
                "gt_keypoints must be float32 (", boxes.size(0), ", K, 3) as (x, y, visible), got ", keypoints.sizes(),
                " ", keypoints.scalar_type());
    TORCH_CHECK(at::isfinite(keypoints).all().item<bool>(), "gt_keypoints contain NaN or infinite values");
    keypoints = keypoints.to(device);
  }
  auto b = boxes.to(device, at::kFloat), l = labels.to(device);
  int64_t start = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = counts[i].item<int64_t>();
    in.gts.push_back({b.narrow(0, start, k), l.narrow(0, start, k),
                      model.with_mask() ? masks.narrow(0, start, k) : at::Tensor(),
                      keypoints.defined() ? keypoints.narrow(0, start, k) : at::Tensor()});
    start += k;
  }
  in.images = in.images.to(device);
  return in;
}

// The original image sizes (N, 2) int64 (h, w) into the metas: masks are pasted at that size.
void set_original_sizes(std::vector<models::ImageMeta>& metas, const at::Tensor& original_sizes) {
  const auto n = static_cast<int64_t>(metas.size());
  TORCH_CHECK(original_sizes.defined() && original_sizes.dim() == 2 && original_sizes.size(0) == n &&
                  original_sizes.size(1) == 2 && original_sizes.scalar_type() == at::kLong,
              "original_sizes must be int64 (", n, ", 2) as (h, w) for a detector with masks");
  auto o = original_sizes.to(at::kCPU);
  for (int64_t i = 0; i < n; ++i) {
    metas[i].ori_height = o[i][0].item<int64_t>();
    metas[i].ori_width = o[i][1].item<int64_t>();
    TORCH_CHECK(metas[i].ori_height > 0 && metas[i].ori_width > 0, "image ", i, ": original size must be positive");
  }
}

}  // namespace

Detector::Detector(const std::string& text) {
  guarded([&] {
    auto impl = std::make_shared<Impl>();
    impl->options = Options::parse(text);
    impl->device = torch::Device(impl->options.get_string("device", "cpu"));
    // Initial weights come from LibTorch's global generator: seed it so that a config gives the
    // same model every time (the "seed" option, 0 by default).
    torch::manual_seed(static_cast<uint64_t>(impl->options.get_int("seed", 0)));
    impl->model = models::build_detector(impl->options.sub("model"));
    impl->model->to(impl->device);
    impl_ = impl;
    return 0;
  });
}

Detector::~Detector() = default;

void Detector::toDevice(const std::string& device) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    TORCH_CHECK(!impl_->trainer, "move the detector to its device before configuring the optimizer");
    const torch::Device target(device);
    impl_->model->to(target);
    impl_->device = target;
    return 0;
  });
}

std::string Detector::device() const {
  std::shared_lock lock(impl_->mutex);
  return impl_->device.str();
}

void Detector::configureOptimizer(const std::string& options) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    impl_->trainer = std::make_unique<train::SgdTrainer>(*impl_->model, Options::parse(options));
    return 0;
  });
}

void Detector::configureMixedPrecision(const std::string& options) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    auto& trainer = impl_->require_trainer();
    if (options.empty()) {
      impl_->train_dtype.reset();
      trainer.set_loss_scaler(train::LossScaler());
      return 0;
    }
    const auto fp16 = Options::parse(options, "fp16");
    const auto dtype = fp16.get_string("dtype", "float16");
    TORCH_CHECK(dtype == "float16" || dtype == "bfloat16", fp16.path_of("dtype"),
                ": must be float16 or bfloat16, got '", dtype, "'");
    TORCH_CHECK(dtype == "bfloat16" || impl_->device.is_cuda(), fp16.path_of("dtype"),
                ": float16 autocast needs a CUDA device; on the CPU use dtype='bfloat16'");
    const auto given = fp16.to_json();
    auto scaler = train::LossScaler::from(given.contains("loss_scale") ? given["loss_scale"] : Json(512.0),
                                          fp16.path_of("loss_scale"));
    fp16.mark_read("loss_scale");
    const auto unread = fp16.unread();
    TORCH_CHECK(unread.empty(), unread.empty() ? "" : unread.front(), ": unknown key (fp16 takes dtype and loss_scale)");
    impl_->train_dtype = core::autocast_dtype(dtype);
    trainer.set_loss_scaler(scaler);
    return 0;
  });
}

std::string Detector::lossScalerState() const {
  return guarded([&] {
    std::shared_lock lock(impl_->mutex);
    return impl_->require_trainer().loss_scaler().state();
  });
}

void Detector::loadLossScalerState(const std::string& state) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    impl_->require_trainer().loss_scaler().load_state(state);
    return 0;
  });
}

void Detector::setPrecision(const std::string& precision) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    const auto dtype = core::autocast_dtype(precision);
    TORCH_CHECK(dtype != at::kHalf || impl_->device.is_cuda(),
                "precision fp16 needs a CUDA device; on the CPU use bf16");
    impl_->predict_dtype = dtype;
    return 0;
  });
}

void Detector::setGradClip(double max_norm, double norm_type) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    impl_->require_trainer().set_grad_clip(max_norm, norm_type);
    return 0;
  });
}

int32_t Detector::numParamGroups() const {
  return guarded([&] {
    std::shared_lock lock(impl_->mutex);
    return static_cast<int32_t>(impl_->require_trainer().num_groups());
  });
}

void Detector::initialLearningRates(double* out, int32_t capacity) const {
  guarded([&] {
    std::shared_lock lock(impl_->mutex);
    const auto& lrs = impl_->require_trainer().initial_lrs();
    for (int32_t i = 0; i < capacity && i < static_cast<int32_t>(lrs.size()); ++i) out[i] = lrs[i];
    return 0;
  });
}

void Detector::setLearningRates(const double* lrs, int32_t count) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    impl_->require_trainer().set_lrs(std::vector<double>(lrs, lrs + count));
    return 0;
  });
}

void Detector::setMomentum(double momentum) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    impl_->require_trainer().set_momentum(momentum);
    return 0;
  });
}

void Detector::setTraining(bool on) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    impl_->model->train(on);
    return 0;
  });
}

StepResult Detector::trainStep(const Tensor& images, const Tensor& sizes, const Tensor& boxes, const Tensor& labels,
                               const Tensor& counts, const Tensor& masks, const Tensor& keypoints) {
  return guarded([&] {
    std::unique_lock lock(impl_->mutex);
    auto& trainer = impl_->require_trainer();
    core::adapt_num_threads();
    auto in = training_inputs(*impl_->model, impl_->device, images, sizes, boxes, labels, counts, masks, keypoints);
    std::map<std::string, at::Tensor> losses;
    {
      // The forward pass and the losses under autocast; backward outside it, as torch.autocast.
      core::AutocastGuard autocast(impl_->device.type(), impl_->train_dtype);
      losses = impl_->model->forward_train(in.images, in.gts, in.metas);
    }
    auto step = trainer.step(losses);
    StepResult result;
    result.set_update(step.updated, step.grad_norm);
    result.set_loss_scale(step.loss_scale, step.overflow);
    for (const auto& [name, value] : step.losses) result.add_loss(name, value);
    return result;
  });
}

StepResult Detector::valStep(const Tensor& images, const Tensor& sizes, const Tensor& boxes, const Tensor& labels,
                             const Tensor& counts, const Tensor& masks, const Tensor& keypoints) {
  return guarded([&] {
    std::unique_lock lock(impl_->mutex);
    core::adapt_num_threads();
    auto in = training_inputs(*impl_->model, impl_->device, images, sizes, boxes, labels, counts, masks, keypoints);
    torch::NoGradGuard no_grad;
    core::AutocastGuard autocast(impl_->device.type(), impl_->train_dtype);
    std::map<std::string, double> losses;
    double total = 0;
    for (const auto& [name, value] : impl_->model->forward_train(in.images, in.gts, in.metas)) {
      losses[name] = value.item<double>();
      if (train::is_optimised(name)) total += losses[name];
    }
    losses["loss"] = total;
    StepResult result;
    for (const auto& [name, value] : losses) result.add_loss(name, value);
    return result;
  });
}

Predictions Detector::predict(const Tensor& images_h, const Tensor& sizes_h, const Tensor& scales_h,
                              const Tensor& original_sizes_h) {
  return guarded([&] {
    auto images = unwrap(images_h);
    check_images(images);
    auto metas = metas_of(images, unwrap(sizes_h), unwrap(scales_h));
    std::shared_lock lock(impl_->mutex);
    TORCH_CHECK(!impl_->model->is_training(), "predict needs evaluation mode (setTraining(false))");
    const bool with_mask = impl_->model->with_mask();
    if (with_mask) set_original_sizes(metas, unwrap(original_sizes_h));
    core::adapt_num_threads();
    c10::InferenceMode inference;
    core::AutocastGuard autocast(impl_->device.type(), impl_->predict_dtype);
    Predictions predictions;
    for (const auto& d : impl_->model->simple_test(images.to(impl_->device), metas, true)) {
      predictions.add(ImagePredictions(wrap(d.boxes.to(at::kCPU, at::kFloat).contiguous()),
                                       wrap(d.scores.to(at::kCPU, at::kFloat).contiguous()),
                                       wrap(d.labels.to(at::kCPU, at::kLong).contiguous()),
                                       with_mask ? wrap(d.masks.to(at::kCPU, at::kByte).contiguous()) : Tensor(),
                                       d.keypoints.defined() && d.keypoints.size(1) > 0
                                           ? wrap(d.keypoints.to(at::kCPU, at::kFloat).contiguous())
                                           : Tensor()));
    }
    return predictions;
  });
}

std::string Detector::loadWeights(const std::string& path, bool strict) {
  return guarded([&] {
    std::unique_lock lock(impl_->mutex);
    return io::load_checkpoint(*impl_->model, path, strict).report.to_string();
  });
}

std::string Detector::loadCheckpoint(const std::string& path, bool include_optimizer) {
  return guarded([&] {
    std::unique_lock lock(impl_->mutex);
    auto loaded = io::load_checkpoint(*impl_->model, path, /*strict=*/true);
    if (include_optimizer) impl_->require_trainer().load_momentum_buffers(loaded.momentum_buffers);
    return loaded.meta.value_or("");
  });
}

void Detector::saveCheckpoint(const std::string& path, const std::string& meta, bool include_optimizer) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    train::OptimizerState optimizer;
    if (include_optimizer && impl_->trainer) optimizer = impl_->trainer->state();
    io::save_checkpoint(*impl_->model, path, meta, include_optimizer ? &optimizer : nullptr);
    return 0;
  });
}

int64_t Detector::numClasses() const { return impl_->model->num_classes(); }

bool Detector::withMask() const { return impl_->model->with_mask(); }

std::string Detector::stateDictKeys() const {
  std::shared_lock lock(impl_->mutex);
  std::ostringstream o;
  for (const auto& p : impl_->model->named_parameters()) o << p.key() << " " << p.value().sizes() << "\n";
  for (const auto& b : impl_->model->named_buffers()) o << b.key() << " " << b.value().sizes() << "\n";
  return o.str();
}

}  // namespace mmdet4j::api
