#pragma once
// RepPoints' point-set-to-box transforms (Yang et al. 2019; mmdetection's RepPointsHead.points2bbox)
// and the grid-point representation (use_grid_points).

#include <torch/torch.h>

#include <string>

namespace mmdet4j::models {

enum class PointsToBox {
  kMinMax,         // the points' bounding box
  kPartialMinMax,  // the bounding box of the first four points
  kMoment,         // mean +- std * exp(learned transfer), per axis
};

// "minmax", "partial_minmax" or "moment"; anything else is an error naming `where`.
PointsToBox points_to_box_method(const std::string& name, const std::string& where);

// Boxes (M, 4) = (x1, y1, x2, y2) of point sets (M, 2P), each the pairs (y, x) (y_first) or
// (x, y). moment_transfer: the learned (width, height) log-scales, whose gradient is scaled by
// moment_mul (mmdetection's mix of the parameter and its detached copy); moment only.
torch::Tensor points_to_boxes(const torch::Tensor& points, bool y_first, PointsToBox method,
                              const torch::Tensor& moment_transfer = {}, double moment_mul = 0.01);

// The same for point maps (N, 2P, H, W) of (y, x) pairs, as the head predicts them: boxes
// (N, 4, H, W).
torch::Tensor point_maps_to_boxes(const torch::Tensor& maps, PointsToBox method,
                                  const torch::Tensor& moment_transfer = {}, double moment_mul = 0.01);

}  // namespace mmdet4j::models
