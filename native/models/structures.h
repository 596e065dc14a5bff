#pragma once
// What detectors take and give per image: ground truth, geometry and detections.

#include <torch/torch.h>

#include <array>

namespace mmdet4j::models {

// Ground truth of one image: boxes (G, 4) in the padded input's pixels, labels (G,) in [0, C),
// for mask heads the instance masks (G, H, W) uint8 in the padded batch frame, and for landmark
// heads the keypoints (G, K, 3) float32 as (x, y, visible) in input pixels (undefined when the
// data has none: no landmark loss).
struct GroundTruth {
  torch::Tensor boxes;
  torch::Tensor labels;
  torch::Tensor masks;
  torch::Tensor keypoints;
};

// Per-image geometry: the unpadded image size inside the batch tensor, the factor from the
// original image (w, h, w, h) by which predictions are divided to map them back, and the
// original size (0 when unknown: masks are then pasted at the unpadded size divided by the factor).
struct ImageMeta {
  int64_t height, width;
  std::array<double, 4> scale_factor{1, 1, 1, 1};
  int64_t ori_height = 0, ori_width = 0;

  // Boxes (K, 4) in the input's pixels mapped back to the original image.
  torch::Tensor to_original(const torch::Tensor& boxes) const {
    const auto& f = scale_factor;
    return boxes / torch::tensor({f[0], f[1], f[2], f[3]}, boxes.options());
  }
  // Points (..., 2) as (x, y) in the input's pixels mapped back to the original image.
  torch::Tensor points_to_original(const torch::Tensor& points) const {
    const auto& f = scale_factor;
    return points / torch::tensor({f[0], f[1]}, points.options());
  }
};

struct Detections {
  torch::Tensor boxes;   // (K, 4)
  torch::Tensor scores;  // (K,)
  torch::Tensor labels;  // (K,)
  torch::Tensor masks;   // (K, H, W) bool at the original image size, for mask heads
  torch::Tensor keypoints;  // (K, P, 2) landmarks (x, y), for landmark heads (RetinaFace)
};

}  // namespace mmdet4j::models
