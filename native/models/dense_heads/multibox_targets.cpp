#include "models/dense_heads/multibox_targets.h"

#include <unordered_set>
#include <vector>

#include "core/anchor/prior_box.h"
#include "ops/bbox_overlaps.h"

namespace mmdet4j::models {

MultiboxMatch match_priors(const torch::Tensor& priors, const torch::Tensor& gt_boxes, double pos_iou_thr,
                           double min_best_iou) {
  const int64_t num_priors = priors.size(0), num_gts = gt_boxes.size(0);
  TORCH_CHECK(num_gts > 0, "match_priors needs at least one ground truth");
  auto overlaps = ops::bbox_overlaps(gt_boxes, core::priors_to_corners(priors), "iou", false, 1e-6);  // (G, P)
  auto [best_prior_iou, best_prior] = overlaps.max(1);
  auto [best_gt_iou, best_gt] = overlaps.max(0);
  auto forced = best_prior.masked_select(best_prior_iou >= min_best_iou);
  if (forced.numel() == 0) {
    return {torch::zeros({num_priors}, best_gt.options()), torch::zeros({num_priors}, priors.options().dtype(torch::kBool))};
  }
  best_gt_iou = best_gt_iou.index_fill(0, forced, 2.0);
  // Every ground truth's best prior is given to it, the later ground truth winning a shared
  // prior (the authors' sequential loop): keep the last writer per prior, then scatter once.
  auto prior_of = best_prior.to(torch::kCPU);
  const auto* p = prior_of.data_ptr<int64_t>();
  std::vector<int64_t> priors_set, gts_set;
  std::unordered_set<int64_t> taken;
  for (int64_t j = num_gts - 1; j >= 0; --j) {  // from the last: the first writer seen is the winner
    if (taken.insert(p[j]).second) {
      priors_set.push_back(p[j]);
      gts_set.push_back(j);
    }
  }
  auto index_options = best_gt.options();
  best_gt = best_gt.index_put({torch::tensor(priors_set, torch::kLong).to(index_options.device())},
                              torch::tensor(gts_set, torch::kLong).to(index_options.device()));
  return {best_gt, best_gt_iou >= pos_iou_thr};
}

torch::Tensor encode_boxes(const torch::Tensor& boxes, const torch::Tensor& priors, Variances v) {
  auto centre = (boxes.narrow(1, 0, 2) + boxes.narrow(1, 2, 2)) / 2;
  auto size = boxes.narrow(1, 2, 2) - boxes.narrow(1, 0, 2);
  auto prior_centre = priors.narrow(1, 0, 2), prior_size = priors.narrow(1, 2, 2);
  return torch::cat({(centre - prior_centre) / (v.first * prior_size), torch::log(size / prior_size) / v.second}, 1);
}

torch::Tensor decode_boxes(const torch::Tensor& deltas, const torch::Tensor& priors, Variances v) {
  auto prior_centre = priors.narrow(1, 0, 2), prior_size = priors.narrow(1, 2, 2);
  auto centre = prior_centre + deltas.narrow(1, 0, 2) * v.first * prior_size;
  auto size = prior_size * torch::exp(deltas.narrow(1, 2, 2) * v.second);
  return torch::cat({centre - size / 2, centre + size / 2}, 1);
}

torch::Tensor encode_points(const torch::Tensor& points, const torch::Tensor& priors, Variances v) {
  auto prior_centre = priors.narrow(1, 0, 2).unsqueeze(1), prior_size = priors.narrow(1, 2, 2).unsqueeze(1);
  return ((points - prior_centre) / (v.first * prior_size)).flatten(1);
}

torch::Tensor decode_points(const torch::Tensor& deltas, const torch::Tensor& priors, Variances v) {
  auto prior_centre = priors.narrow(1, 0, 2).unsqueeze(1), prior_size = priors.narrow(1, 2, 2).unsqueeze(1);
  // Explicit sizes: with no rows, -1 could not be inferred.
  return prior_centre + deltas.view({deltas.size(0), deltas.size(1) / 2, 2}) * v.first * prior_size;
}

torch::Tensor mine_hard_negatives(const torch::Tensor& loss, const torch::Tensor& positive, int64_t neg_pos_ratio) {
  auto ranked = loss.detach().masked_fill(positive, 0);
  auto order = std::get<1>(ranked.sort(1, /*descending=*/true));
  auto rank = std::get<1>(order.sort(1));
  auto num_neg = (positive.sum(1, /*keepdim=*/true) * neg_pos_ratio).clamp_max(loss.size(1) - 1);
  return rank < num_neg;
}

}  // namespace mmdet4j::models
