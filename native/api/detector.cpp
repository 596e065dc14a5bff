#include "mmdet4j/detector.h"

#include <c10/core/InferenceMode.h>
#include <torch/torch.h>

#include <map>
#include <mutex>
#include <shared_mutex>
#include <sstream>

#include "api/tensor_impl.h"
#include "core/options.h"
#include "io/checkpoint.h"
#include "models/detectors/retinanet.h"
#include "train/sgd_trainer.h"

namespace mmdet4j::api {

struct Detector::Impl {
  Options options;
  torch::Device device{torch::kCPU};
  models::RetinaNet model{nullptr};
  std::unique_ptr<train::SgdTrainer> trainer;
  std::vector<std::string> loss_names;
  mutable std::shared_mutex mutex;  // shared: predict; exclusive: everything that changes state

  train::SgdTrainer& trainer_for_step() {
    if (!trainer) {
      trainer = std::make_unique<train::SgdTrainer>(*model, options.sub("optimizer"),
                                                    options.sub("optimizer_config.grad_clip"));
    }
    return *trainer;
  }
};

namespace {

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
                    ": scale factors must be positive");
      }
    }
    metas.push_back(m);
  }
  return metas;
}

void check_images(const at::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 3, "images must be (N, 3, H, W), got shape ", images.sizes());
  TORCH_CHECK(images.scalar_type() == at::kFloat, "images must be float32, got ", images.scalar_type());
  TORCH_CHECK(images.size(0) > 0 && images.size(2) > 0 && images.size(3) > 0, "images must not be empty");
  TORCH_CHECK(at::isfinite(images).all().item<bool>(), "images contain NaN or infinite values");
}

}  // namespace

Detector::Detector(const std::string& text) {
  guarded([&] {
    auto impl = std::make_shared<Impl>();
    impl->options = Options::parse(text);
    const auto type = impl->options.get_string("model.type", "");
    TORCH_CHECK(type == "RetinaNet", "model.type: '", type, "' is not a native detector (available: RetinaNet)");
    impl->device = torch::Device(impl->options.get_string("device", "cpu"));
    impl->model = models::RetinaNet(impl->options.sub("model"));
    impl->model->to(impl->device);
    impl_ = impl;
    return 0;
  });
}

Detector::~Detector() = default;

int32_t Detector::trainStep(const Tensor& images_h, const Tensor& sizes_h, const Tensor& boxes_h, const Tensor& labels_h,
                            const Tensor& counts_h, double* out, int32_t capacity) {
  return guarded([&] {
    std::unique_lock lock(impl_->mutex);
    const auto dev = impl_->device;
    auto images = unwrap(images_h);
    check_images(images);
    auto metas = metas_of(images, unwrap(sizes_h), at::Tensor());
    auto boxes = unwrap(boxes_h), labels = unwrap(labels_h), counts = unwrap(counts_h);
    const int64_t n = images.size(0);
    TORCH_CHECK(counts.dim() == 1 && counts.size(0) == n && counts.scalar_type() == at::kLong,
                "gt_counts must be int64 (", n, ",), got ", counts.sizes());
    TORCH_CHECK(boxes.dim() == 2 && boxes.size(1) == 4 && boxes.is_floating_point(), "gt_boxes must be (G, 4) float");
    TORCH_CHECK(labels.dim() == 1 && labels.size(0) == boxes.size(0) && labels.scalar_type() == at::kLong,
                "gt_labels must be int64 (", boxes.size(0), ",)");
    TORCH_CHECK(counts.sum().item<int64_t>() == boxes.size(0) && (counts >= 0).all().item<bool>(),
                "gt_counts must be >= 0 and add up to the ", boxes.size(0), " boxes");
    if (boxes.size(0) > 0) {
      TORCH_CHECK(at::isfinite(boxes).all().item<bool>(), "gt_boxes contain NaN or infinite values");
      TORCH_CHECK(((boxes.select(1, 2) >= boxes.select(1, 0)) & (boxes.select(1, 3) >= boxes.select(1, 1))).all().item<bool>(),
                  "gt_boxes have x2 < x1 or y2 < y1");
      const int64_t c = impl_->model->num_classes();
      TORCH_CHECK(((labels >= 0) & (labels < c)).all().item<bool>(), "gt_labels must be in [0, ", c, ")");
    }
    std::vector<models::GroundTruth> gts;
    auto b = boxes.to(dev, at::kFloat), l = labels.to(dev);
    int64_t start = 0;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t k = counts[i].item<int64_t>();
      gts.push_back({b.narrow(0, start, k), l.narrow(0, start, k)});
      start += k;
    }
    impl_->model->train();
    auto& trainer = impl_->trainer_for_step();
    auto losses = impl_->model->forward_train(images.to(dev), gts, metas);
    auto result = trainer.step(losses);
    impl_->loss_names.clear();
    int32_t written = 0;
    if (written < capacity) out[written++] = result.grad_norm;
    for (const auto& [name, value] : result.losses) {
      impl_->loss_names.push_back(name);
      if (written < capacity) out[written++] = value;
    }
    return written;
  });
}

std::string Detector::lossNames() const {
  std::shared_lock lock(impl_->mutex);
  std::string s;
  for (const auto& n : impl_->loss_names) s += (s.empty() ? "" : ",") + n;
  return s;
}

void Detector::setLearningRate(double lr) {
  guarded([&] {
    TORCH_CHECK(std::isfinite(lr) && lr >= 0, "learning rate must be >= 0, got ", lr);
    std::unique_lock lock(impl_->mutex);
    impl_->trainer_for_step().set_lr(lr);
    return 0;
  });
}

double Detector::learningRate() const {
  return guarded([&] {
    std::unique_lock lock(impl_->mutex);
    return impl_->trainer_for_step().lr();
  });
}

void Detector::setMomentum(double momentum) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    impl_->trainer_for_step().set_momentum(momentum);
    return 0;
  });
}

Tensor Detector::predict(const Tensor& images_h, const Tensor& sizes_h, const Tensor& scales_h) {
  return guarded([&] {
    auto images = unwrap(images_h);
    check_images(images);
    auto metas = metas_of(images, unwrap(sizes_h), unwrap(scales_h));
    {
      std::unique_lock lock(impl_->mutex);  // switching modes changes shared state
      if (impl_->model->is_training()) impl_->model->eval();
    }
    std::shared_lock lock(impl_->mutex);
    c10::InferenceMode inference;
    auto dets = impl_->model->simple_test(images.to(impl_->device), metas, true);
    std::vector<at::Tensor> rows;
    for (size_t i = 0; i < dets.size(); ++i) {
      const auto& d = dets[i];
      auto index = at::full({d.boxes.size(0), 1}, static_cast<double>(i), d.boxes.options());
      rows.push_back(at::cat({index, d.boxes, d.scores.unsqueeze(1), d.labels.unsqueeze(1).to(d.boxes.dtype())}, 1));
    }
    return wrap(at::cat(rows).to(at::kCPU).contiguous());
  });
}

std::string Detector::loadWeights(const std::string& path, bool strict) {
  return guarded([&] {
    std::unique_lock lock(impl_->mutex);
    return io::load_weights(*impl_->model, path, strict).to_string();
  });
}

void Detector::saveCheckpoint(const std::string& path, const std::string& meta) {
  guarded([&] {
    std::unique_lock lock(impl_->mutex);
    auto parsed = Options::parse(meta);
    std::map<std::string, std::string> m;
    std::istringstream lines(parsed.to_string());
    for (std::string line; std::getline(lines, line);) {
      const auto eq = line.find('=');
      if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 1);
    }
    io::save_checkpoint(*impl_->model, path, m);
    return 0;
  });
}

int64_t Detector::numClasses() const { return impl_->model->num_classes(); }

std::string Detector::stateDictKeys() const {
  std::shared_lock lock(impl_->mutex);
  std::ostringstream o;
  for (const auto& p : impl_->model->named_parameters()) o << p.key() << " " << p.value().sizes() << "\n";
  for (const auto& b : impl_->model->named_buffers()) o << b.key() << " " << b.value().sizes() << "\n";
  return o.str();
}

}  // namespace mmdet4j::api
