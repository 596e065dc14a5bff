#pragma once
// A detector of mmdet4j's native core, for callers without LibTorch headers (the Java bindings).
// Built from flat options ("model.backbone.depth=50" lines; the Java registry validates the
// config and writes them). Safe to use from several threads: predictions run concurrently,
// training steps and weight changes take the detector exclusively.

#include <cstdint>
#include <memory>
#include <string>

#include "mmdet4j/results.h"
#include "mmdet4j/tensor.h"

namespace mmdet4j::api {

class Detector {
 public:
  // options: "model.*" (type=RetinaNet | FasterRCNN | MaskRCNN and the components under it, with
  // mmdetection's names: backbone, neck, bbox_head or rpn_head + roi_head, train_cfg, test_cfg),
  // "device" (cpu | cuda | cuda:N) and "seed" of the initial weights (default 0).
  explicit Detector(const std::string& options);
  ~Detector();

  // Moves the detector's weights to `device` (cpu | cuda | cuda:N), where its steps and
  // predictions then run; before configureOptimizer, so that the optimizer state is made there.
  void toDevice(const std::string& device);
  std::string device() const;

  // Training set-up: "type=SGD", "lr", "momentum", "weight_decay", "nesterov",
  // "paramwise_cfg.*" lines; gradient clipping by total norm (max_norm <= 0: none).
  void configureOptimizer(const std::string& options);
  void setGradClip(double max_norm, double norm_type);
  // Mixed-precision training (mmdetection's fp16 = dict(...)), after configureOptimizer: options
  // "dtype" (float16 | bfloat16; default float16) for autocast around the forward pass and the
  // losses, and "loss_scale" (a number, "dynamic", or a dict of GradScaler's arguments; default
  // 512, mmcv's). An empty string turns mixed precision off.
  void configureMixedPrecision(const std::string& options);
  // The loss scaler's state as GradScaler.state_dict() JSON ("" without loss scaling), for
  // checkpoints; loadLossScalerState restores it when resuming.
  std::string lossScalerState() const;
  void loadLossScalerState(const std::string& state);
  // The precision of predict: fp32 (the default), bf16 (CPU and CUDA) or fp16 (CUDA). Reduced
  // precision runs the network under autocast; box decoding, NMS and mask pasting stay float32.
  void setPrecision(const std::string& precision);
  int32_t numParamGroups() const;
  // Writes min(capacity, numParamGroups()) configured learning rates into out.
  void initialLearningRates(double* out, int32_t capacity) const;
  void setLearningRates(const double* lrs, int32_t count);
  void setMomentum(double momentum);
  void setTraining(bool on);

  // One training iteration on a padded batch. images (N, 3, H, W) float32; image_sizes (N, 2)
  // int64 unpadded (h, w); gt_boxes (G, 4) float32 in input pixels; gt_labels (G,) int64 in
  // [0, num_classes); gt_counts (N,) int64 boxes per image; gt_masks (G, H, W) uint8 instance
  // masks in the padded batch frame, in gt_boxes order (required when withMask(), otherwise an
  // undefined Tensor); gt_keypoints (G, K, 3) float32 landmarks (x, y, visible) in input pixels,
  // in gt_boxes order, for detectors with landmarks (RetinaFace), or an undefined Tensor (no
  // landmark loss; other detectors ignore them).
  StepResult trainStep(const Tensor& images, const Tensor& image_sizes, const Tensor& gt_boxes,
                       const Tensor& gt_labels, const Tensor& gt_counts, const Tensor& gt_masks,
                       const Tensor& gt_keypoints);
  // The losses of a batch without gradients or an update.
  StepResult valStep(const Tensor& images, const Tensor& image_sizes, const Tensor& gt_boxes,
                     const Tensor& gt_labels, const Tensor& gt_counts, const Tensor& gt_masks,
                     const Tensor& gt_keypoints);

  // The detections of each image of a batch; boxes are divided by scale_factors (N, 4) float64
  // (w, h, w, h) to map them to the original images. original_sizes (N, 2) int64 (h, w) are the
  // original images' sizes, at which a detector withMask() pastes its masks; an undefined Tensor
  // for a detector without masks.
  Predictions predict(const Tensor& images, const Tensor& image_sizes, const Tensor& scale_factors,
                      const Tensor& original_sizes);

  // Loads any torch.save file non-strictly or strictly (pretrained weights); returns the report.
  std::string loadWeights(const std::string& path, bool strict);
  // Loads an mmdet4j checkpoint strictly, with the optimizer state when include_optimizer;
  // returns its meta string ("" when it has none).
  std::string loadCheckpoint(const std::string& path, bool include_optimizer);
  // Writes {'meta': meta, 'state_dict': ..., ['optimizer': ...]} atomically.
  void saveCheckpoint(const std::string& path, const std::string& meta, bool include_optimizer);

  int64_t numClasses() const;
  bool withMask() const;  // true for detectors with a mask head (MaskRCNN)
  std::string stateDictKeys() const;  // one "name [shape]" line per tensor

  struct Impl;  // defined in native/api/detector.cpp (LibTorch types stay out of this header)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace mmdet4j::api
