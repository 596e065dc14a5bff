#pragma once
// A detector of mmdet4j's native core, for callers without LibTorch headers (the Java bindings).
// Built from flat options ("model.backbone.depth=50" lines; the Java registry validates the
// config and writes them). Safe to use from several threads: predictions run concurrently,
// training steps and weight changes take the detector exclusively.

#include <cstdint>
#include <memory>
#include <string>

#include "mmdet4j/tensor.h"

namespace mmdet4j::api {

class Detector {
 public:
  // options: "model.*" (type=RetinaNet, backbone, neck, bbox_head, train_cfg, test_cfg),
  // "optimizer.*", "optimizer_config.grad_clip.*", "device" (cpu | cuda | cuda:N).
  explicit Detector(const std::string& options);
  ~Detector();

  // One training iteration on a padded batch. images (N, 3, H, W) float32; image_sizes (N, 2)
  // int64 unpadded (h, w); gt_boxes (G, 4) float32 in input pixels; gt_labels (G,) int64 in
  // [0, num_classes); gt_counts (N,) int64 boxes per image. Writes grad_norm then the losses in
  // lossNames() order into out (capacity values); returns how many it wrote.
  int32_t trainStep(const Tensor& images, const Tensor& image_sizes, const Tensor& gt_boxes,
                    const Tensor& gt_labels, const Tensor& gt_counts, double* out, int32_t capacity);
  // Comma-separated loss names of the last training step ("loss" is their sum).
  std::string lossNames() const;
  void setLearningRate(double lr);
  double learningRate() const;
  void setMomentum(double momentum);

  // Detections of a batch as (K, 7) float32 rows: image index, x1, y1, x2, y2, score, label;
  // boxes are divided by scale_factors (N, 4) float64 (w, h, w, h) to map them to the originals.
  Tensor predict(const Tensor& images, const Tensor& image_sizes, const Tensor& scale_factors);

  // Loads a torch.save file; returns the load report. strict: any mismatch is an error.
  std::string loadWeights(const std::string& path, bool strict);
  // Writes {'meta': meta ("key=value" lines), 'state_dict': ...} atomically.
  void saveCheckpoint(const std::string& path, const std::string& meta);

  int64_t numClasses() const;
  std::string stateDictKeys() const;  // one "name shape" line per tensor, for reports and tests

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace mmdet4j::api
