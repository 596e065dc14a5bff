#include "models/dense_heads/fcos_targets.h"

namespace mmdet4j::models {

namespace {

// mmdetection's INF: the area of a ground truth that does not qualify for a point.
constexpr double kInf = 1e8;

// Labels (P,) and distances (P, 4) of one image's points (all levels); ranges (P, 2) and radii
// (P,) (center_sample_radius * stride) repeat each level's values for its points.
std::pair<torch::Tensor, torch::Tensor> image_targets(const torch::Tensor& points, const torch::Tensor& ranges,
                                                      const torch::Tensor& radii, const GroundTruth& gt,
                                                      const FcosTargetSettings& s) {
  const int64_t p = points.size(0), g = gt.boxes.size(0);
  if (g == 0) {
    return {torch::full({p}, s.background, torch::dtype(torch::kLong).device(points.device())),
            torch::zeros({p, 4}, points.options())};
  }
  auto boxes = gt.boxes.to(points.scalar_type());
  auto x1 = boxes.select(1, 0), y1 = boxes.select(1, 1), x2 = boxes.select(1, 2), y2 = boxes.select(1, 3);
  auto xs = points.select(1, 0).unsqueeze(1), ys = points.select(1, 1).unsqueeze(1);  // (P, 1)
  auto distances = torch::stack({xs - x1, ys - y1, x2 - xs, y2 - ys}, -1);           // (P, G, 4)

  torch::Tensor inside;
  if (s.center_sampling) {
    auto r = radii.unsqueeze(1);  // (P, 1)
    auto cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
    auto cx1 = torch::maximum(cx - r, x1), cy1 = torch::maximum(cy - r, y1);
    auto cx2 = torch::minimum(cx + r, x2), cy2 = torch::minimum(cy + r, y2);
    inside = std::get<0>(torch::stack({xs - cx1, ys - cy1, cx2 - xs, cy2 - ys}, -1).min(-1)) > 0;
  } else {
    inside = std::get<0>(distances.min(-1)) > 0;
  }
  auto farthest = std::get<0>(distances.max(-1));  // (P, G)
  auto in_range = (farthest >= ranges.select(1, 0).unsqueeze(1)) & (farthest <= ranges.select(1, 1).unsqueeze(1));

  auto areas = ((x2 - x1) * (y2 - y1)).unsqueeze(0).repeat({p, 1});
  areas.masked_fill_(inside.logical_not() | in_range.logical_not(), kInf);
  auto [min_area, owner] = areas.min(1);
  auto labels = gt.labels.to(torch::kLong).index_select(0, owner);
  labels.masked_fill_(min_area == kInf, s.background);
  auto targets = distances.index({torch::arange(p, owner.options()), owner});
  return {labels, targets};
}

}  // namespace

FcosTargets fcos_targets(const std::vector<torch::Tensor>& points, const std::vector<GroundTruth>& gts,
                         const FcosTargetSettings& s) {
  const size_t levels = points.size();
  TORCH_CHECK(s.strides.size() == levels && s.regress_ranges.size() == levels, "FCOS targets: ", levels,
              " levels of points but ", s.strides.size(), " strides and ", s.regress_ranges.size(), " regress ranges");
  std::vector<torch::Tensor> ranges, radii;
  std::vector<int64_t> counts;
  for (size_t l = 0; l < levels; ++l) {
    const int64_t n = points[l].size(0);
    counts.push_back(n);
    ranges.push_back(torch::tensor({s.regress_ranges[l].first, s.regress_ranges[l].second}, points[l].options())
                         .expand({n, 2}));
    radii.push_back(torch::full({n}, s.strides[l] * s.center_sample_radius, points[l].options()));
  }
  auto all_points = torch::cat(points), all_ranges = torch::cat(ranges), all_radii = torch::cat(radii);

  std::vector<std::vector<torch::Tensor>> labels(levels), targets(levels);  // [level][image]
  for (const auto& gt : gts) {
    auto [image_labels, image_boxes] = image_targets(all_points, all_ranges, all_radii, gt, s);
    auto label_parts = image_labels.split_with_sizes(counts);
    auto target_parts = image_boxes.split_with_sizes(counts);
    for (size_t l = 0; l < levels; ++l) {
      labels[l].push_back(label_parts[l]);
      targets[l].push_back(s.norm_on_bbox ? target_parts[l] / static_cast<double>(s.strides[l]) : target_parts[l]);
    }
  }
  std::vector<torch::Tensor> flat_labels, flat_targets;
  for (size_t l = 0; l < levels; ++l) {
    flat_labels.push_back(torch::cat(labels[l]));
    flat_targets.push_back(torch::cat(targets[l]));
  }
  return {torch::cat(flat_labels), torch::cat(flat_targets)};
}

torch::Tensor centerness_target(const torch::Tensor& d) {
  if (d.size(0) == 0) return d.select(1, 0);
  auto lr = d.index_select(1, torch::tensor({0, 2}, torch::dtype(torch::kLong).device(d.device())));
  auto tb = d.index_select(1, torch::tensor({1, 3}, torch::dtype(torch::kLong).device(d.device())));
  auto ratio = (std::get<0>(lr.min(-1)) / std::get<0>(lr.max(-1))) * (std::get<0>(tb.min(-1)) / std::get<0>(tb.max(-1)));
  return ratio.sqrt();
}

}  // namespace mmdet4j::models
