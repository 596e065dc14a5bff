#include "mmdet4j/results.h"

#include <stdexcept>

namespace mmdet4j::api {

namespace {

void check_index(int32_t i, size_t size, const char* what) {
  if (i < 0 || static_cast<size_t>(i) >= size) {
    throw std::out_of_range(std::string(what) + " index " + std::to_string(i) + " outside [0, " +
                            std::to_string(size) + ")");
  }
}

}  // namespace

std::string StepResult::lossName(int32_t i) const {
  check_index(i, names_.size(), "loss");
  return names_[i];
}

double StepResult::lossValue(int32_t i) const {
  check_index(i, values_.size(), "loss");
  return values_[i];
}

void StepResult::add_loss(const std::string& name, double value) {
  names_.push_back(name);
  values_.push_back(value);
}

void StepResult::set_update(bool updated, double grad_norm) {
  updated_ = updated;
  grad_norm_ = grad_norm;
}

void StepResult::set_loss_scale(double loss_scale, bool overflow) {
  loss_scale_ = loss_scale;
  overflow_ = overflow;
}

ImagePredictions::ImagePredictions(Tensor boxes, Tensor scores, Tensor labels, Tensor masks, Tensor keypoints)
    : boxes_(std::move(boxes)),
      scores_(std::move(scores)),
      labels_(std::move(labels)),
      masks_(std::move(masks)),
      keypoints_(std::move(keypoints)) {}

int64_t ImagePredictions::size() const { return boxes_.defined() ? boxes_.size(0) : 0; }

ImagePredictions Predictions::image(int32_t i) const {
  check_index(i, images_.size(), "image");
  return images_[i];
}

}  // namespace mmdet4j::api
