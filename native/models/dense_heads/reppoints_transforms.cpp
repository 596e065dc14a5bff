#include "models/dense_heads/reppoints_transforms.h"

namespace mmdet4j::models {

PointsToBox points_to_box_method(const std::string& name, const std::string& where) {
  if (name == "minmax") return PointsToBox::kMinMax;
  if (name == "partial_minmax") return PointsToBox::kPartialMinMax;
  if (name == "moment") return PointsToBox::kMoment;
  TORCH_CHECK(false, where, ": 'moment', 'minmax' or 'partial_minmax', got '", name, "'");
}

torch::Tensor points_to_boxes(const torch::Tensor& points, bool y_first, PointsToBox method,
                              const torch::Tensor& moment_transfer, double moment_mul) {
  TORCH_CHECK(points.dim() == 2 && points.size(1) % 2 == 0 && points.size(1) > 0,
              "points_to_boxes: point sets must be (M, 2P), got ", points.sizes());
  const auto pairs = points.view({points.size(0), -1, 2});
  auto ys = pairs.select(2, y_first ? 0 : 1), xs = pairs.select(2, y_first ? 1 : 0);
  if (method == PointsToBox::kMoment) {
    TORCH_CHECK(moment_transfer.defined() && moment_transfer.numel() == 2,
                "points_to_boxes: moment needs the (width, height) moment transfer");
    auto mean_x = xs.mean(1, true), mean_y = ys.mean(1, true);
    auto std_x = xs.std(1, /*unbiased=*/true, true), std_y = ys.std(1, true, true);
    // The parameter's value, with its gradient scaled by moment_mul.
    auto transfer = moment_transfer * moment_mul + moment_transfer.detach() * (1 - moment_mul);
    auto half_w = std_x * transfer[0].exp(), half_h = std_y * transfer[1].exp();
    return torch::cat({mean_x - half_w, mean_y - half_h, mean_x + half_w, mean_y + half_h}, 1);
  }
  if (method == PointsToBox::kPartialMinMax) {
    TORCH_CHECK(pairs.size(1) >= 4, "points_to_boxes: partial_minmax needs at least 4 points, got ", pairs.size(1));
    ys = ys.narrow(1, 0, 4), xs = xs.narrow(1, 0, 4);
  }
  return torch::cat({std::get<0>(xs.min(1, true)), std::get<0>(ys.min(1, true)), std::get<0>(xs.max(1, true)),
                     std::get<0>(ys.max(1, true))},
                    1);
}

torch::Tensor point_maps_to_boxes(const torch::Tensor& maps, PointsToBox method, const torch::Tensor& moment_transfer,
                                  double moment_mul) {
  const int64_t n = maps.size(0), h = maps.size(2), w = maps.size(3);
  auto flat = maps.permute({0, 2, 3, 1}).reshape({n * h * w, maps.size(1)});
  return points_to_boxes(flat, /*y_first=*/true, method, moment_transfer, moment_mul)
      .view({n, h, w, 4})
      .permute({0, 3, 1, 2});
}

}  // namespace mmdet4j::models
