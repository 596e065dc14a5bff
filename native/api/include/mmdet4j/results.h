#pragma once
// What the native detector hands back, as typed values rather than index conventions: the
// outcome of a training or validation step, and the detections of each image of a batch.

#include <cstdint>
#include <string>
#include <vector>

#include "mmdet4j/tensor.h"

namespace mmdet4j::api {

// One training or validation step: whether the update was applied, the gradient norm, and the
// named losses in name order ("loss", the sum of the optimised ones, among them; logged values
// such as "acc" too).
class StepResult {
 public:
  // False when the step was skipped for a non-finite loss or gradient (always false for validation).
  bool updated() const { return updated_; }
  // Total gradient norm before clipping; 0 for a validation step.
  double gradNorm() const { return grad_norm_; }
  // Mixed precision: the scale the loss was multiplied by (0 without loss scaling), and whether
  // the step was skipped because the scaled gradients overflowed (the scale then backs off).
  double lossScale() const { return loss_scale_; }
  bool overflow() const { return overflow_; }
  int32_t numLosses() const { return static_cast<int32_t>(names_.size()); }
  // The name and value of loss i, 0 <= i < numLosses() (otherwise an error).
  std::string lossName(int32_t i) const;
  double lossValue(int32_t i) const;

  void add_loss(const std::string& name, double value);
  void set_update(bool updated, double grad_norm);
  void set_loss_scale(double loss_scale, bool overflow);

 private:
  bool updated_ = false;
  double grad_norm_ = 0;
  double loss_scale_ = 0;
  bool overflow_ = false;
  std::vector<std::string> names_;
  std::vector<double> values_;
};

// The detections of one image, in its original image's pixels.
class ImagePredictions {
 public:
  ImagePredictions() = default;
  ImagePredictions(Tensor boxes, Tensor scores, Tensor labels, Tensor masks, Tensor keypoints);
  Tensor boxes() const { return boxes_; }    // (K, 4) float32: x1, y1, x2, y2
  Tensor scores() const { return scores_; }  // (K,) float32
  Tensor labels() const { return labels_; }  // (K,) int64 in [0, numClasses())
  // (K, H, W) uint8 0/1 masks at the original image size (H, W) for a detector withMask();
  // an undefined Tensor otherwise.
  Tensor masks() const { return masks_; }
  // (K, P, 2) float32 landmarks (x, y) in the original image for a detector with landmarks
  // (RetinaFace: P = 5); an undefined Tensor otherwise.
  Tensor keypoints() const { return keypoints_; }
  int64_t size() const;  // K

 private:
  Tensor boxes_, scores_, labels_, masks_, keypoints_;
};

// The detections of a batch, one ImagePredictions per image in batch order.
class Predictions {
 public:
  int32_t size() const { return static_cast<int32_t>(images_.size()); }
  // The detections of image i, 0 <= i < size() (otherwise an error).
  ImagePredictions image(int32_t i) const;

  void add(ImagePredictions image) { images_.push_back(std::move(image)); }

 private:
  std::vector<ImagePredictions> images_;
};

}  // namespace mmdet4j::api
