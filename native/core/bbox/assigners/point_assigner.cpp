#include "core/bbox/assigners/point_assigner.h"

#include <cmath>
#include <limits>

#include "registry/registry.h"

namespace mmdet4j::core {

Schema PointAssigner::schema() {
  return Schema()
      .optional("scale", ParamType::kFloat, 4.0, "the box size (in strides) that maps to a level")
      .optional("pos_num", ParamType::kInt, 3, "points each ground truth claims on its level");
}

PointAssigner::PointAssigner(double scale, int64_t pos_num) : scale_(scale), pos_num_(pos_num) {
  TORCH_CHECK(scale > 0 && pos_num > 0, "PointAssigner: scale and pos_num must be positive, got ", scale, " and ",
              pos_num);
}

AssignResult PointAssigner::assign(const at::Tensor& points, const at::Tensor& gt_boxes, const at::Tensor& gt_labels,
                                   const at::Tensor& /*gt_boxes_ignore*/) const {
  TORCH_CHECK(points.dim() == 2 && points.size(1) == 3, "PointAssigner: points must be (N, 3) = x, y, stride, got ",
              points.sizes());
  const int64_t num_points = points.size(0), num_gts = gt_boxes.size(0);
  const auto long_opts = points.options().dtype(at::kLong);
  AssignResult r{num_gts, at::zeros({num_points}, long_opts), at::Tensor(), at::full({num_points}, -1, long_opts)};
  if (num_gts == 0 || num_points == 0) return r;
  // The arithmetic on the CPU in double: a few hundred ground truths at most, one loop each.
  const auto pts = points.to(at::kCPU, at::kDouble), gts = gt_boxes.to(at::kCPU, at::kDouble);
  const auto levels = at::log2(pts.select(1, 2)).to(at::kInt);
  const int lvl_min = levels.min().item<int>(), lvl_max = levels.max().item<int>();
  const auto centres = (gts.narrow(1, 0, 2) + gts.narrow(1, 2, 2)) / 2;
  const auto sizes = (gts.narrow(1, 2, 2) - gts.narrow(1, 0, 2)).clamp_min(1e-6);
  // int() rounds toward zero, as mmdetection's .int().
  const auto gt_levels =
      ((at::log2(sizes.select(1, 0) / scale_) + at::log2(sizes.select(1, 1) / scale_)) / 2).to(at::kInt).clamp(
          lvl_min, lvl_max);
  auto gt_inds = at::zeros({num_points}, at::kLong);
  auto best = at::full({num_points}, std::numeric_limits<double>::infinity(), at::kDouble);
  const auto xy = pts.narrow(1, 0, 2);
  for (int64_t g = 0; g < num_gts; ++g) {
    const auto on_level = at::nonzero(levels == gt_levels[g]).reshape({-1});
    const auto dist = ((xy.index_select(0, on_level) - centres[g]) / sizes[g]).norm(2, 1);
    const int64_t k = std::min(pos_num_, dist.size(0));
    auto [min_dist, order] = dist.topk(k, 0, /*largest=*/false);
    const auto nearest = on_level.index_select(0, order);
    const auto closer = min_dist < best.index_select(0, nearest);
    const auto claimed = nearest.masked_select(closer);
    gt_inds.index_fill_(0, claimed, g + 1);
    best.index_put_({claimed}, min_dist.masked_select(closer));
  }
  r.gt_inds = gt_inds.to(points.device());
  const auto pos = r.gt_inds > 0;
  const auto labels = gt_labels.to(long_opts).index_select(0, (r.gt_inds - 1).clamp_min(0));
  r.labels = at::where(pos, labels, r.labels);
  return r;
}

namespace {

const Registrar<Assigner> kPointAssigner("assigner", "PointAssigner", PointAssigner::schema(),
                                         "RepPoints' initial stage: each ground truth to the points nearest its "
                                         "centre on the level of its size",
                                         [](const Options& o) {
                                           return std::make_shared<PointAssigner>(o.get_double("scale"),
                                                                                  o.get_int("pos_num"));
                                         });

}  // namespace

}  // namespace mmdet4j::core
