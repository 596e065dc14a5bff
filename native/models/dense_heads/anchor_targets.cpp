#include "models/dense_heads/anchor_targets.h"

namespace mmdet4j::models {

std::pair<torch::Tensor, std::vector<torch::Tensor>> multi_level_anchors(
    const core::AnchorGenerator& generator, const std::vector<torch::Tensor>& score_maps,
    const std::vector<ImageMeta>& metas) {
  const auto device = score_maps.front().device();
  std::vector<torch::Tensor> levels;
  for (size_t l = 0; l < score_maps.size(); ++l) {
    levels.push_back(generator.grid_anchors(l, score_maps[l].size(2), score_maps[l].size(3), device));
  }
  std::vector<torch::Tensor> valid;
  for (const auto& meta : metas) {
    std::vector<torch::Tensor> flags;
    for (size_t l = 0; l < score_maps.size(); ++l) {
      flags.push_back(generator.valid_flags(l, score_maps[l].size(2), score_maps[l].size(3), meta.height,
                                            meta.width, device));
    }
    valid.push_back(torch::cat(flags));
  }
  return {torch::cat(levels), valid};
}

std::vector<torch::Tensor> inside_image(const torch::Tensor& anchors, const std::vector<torch::Tensor>& valid,
                                        const std::vector<ImageMeta>& metas, int64_t allowed_border) {
  const double border = static_cast<double>(allowed_border);
  std::vector<torch::Tensor> inside;
  for (size_t i = 0; i < valid.size(); ++i) {
    inside.push_back(valid[i] & (anchors.select(1, 0) >= -border) & (anchors.select(1, 1) >= -border) &
                     (anchors.select(1, 2) < metas[i].width + border) &
                     (anchors.select(1, 3) < metas[i].height + border));
  }
  return inside;
}

AnchorTargets anchor_targets(const torch::Tensor& anchors, const std::vector<torch::Tensor>& valid,
                             const std::vector<GroundTruth>& gts, const core::Assigner& assigner,
                             const core::Sampler& sampler, const core::BBoxCoder& coder,
                             const AnchorTargetSettings& settings) {
  TORCH_CHECK(!sampler.add_gt_as_proposals(),
              "dense heads sample anchors only: set add_gt_as_proposals=False in their sampler");
  const int64_t total = anchors.size(0);
  std::vector<torch::Tensor> labels, label_weights, bbox_targets, bbox_weights;
  double num_pos = 0, num_neg = 0;
  for (size_t i = 0; i < gts.size(); ++i) {
    // valid: the anchors of the image's cells, narrowed by allowed_border when it is >= 0
    auto inside = torch::nonzero(valid[i]).squeeze(1);
    auto inside_anchors = anchors.index_select(0, inside);
    auto assigned = assigner.assign(inside_anchors, gts[i].boxes, gts[i].labels);
    auto sampled = sampler.sample(assigned, inside_anchors, gts[i].boxes, gts[i].labels);
    auto lab = torch::full({total}, settings.background, torch::TensorOptions().dtype(torch::kLong).device(anchors.device()));
    auto lw = torch::zeros({total}, anchors.options());
    auto bt = torch::zeros({total, 4}, anchors.options());
    auto bw = torch::zeros({total, 4}, anchors.options());
    const int64_t p = sampled.pos_inds.numel();
    if (p > 0) {
      auto pos = inside.index_select(0, sampled.pos_inds);
      bt.index_put_({pos}, settings.reg_decoded_bbox ? sampled.pos_gt_boxes
                                                     : coder.encode(sampled.pos_boxes, sampled.pos_gt_boxes));
      bw.index_put_({pos}, 1.0);
      lab.index_put_({pos}, settings.use_gt_labels ? sampled.pos_gt_labels : torch::zeros_like(sampled.pos_gt_labels));
      lw.index_put_({pos}, settings.pos_weight <= 0 ? 1.0 : settings.pos_weight);
    }
    if (sampled.neg_inds.numel() > 0) lw.index_put_({inside.index_select(0, sampled.neg_inds)}, 1.0);
    num_pos += std::max<int64_t>(p, 1);
    num_neg += std::max<int64_t>(sampled.neg_inds.numel(), 1);
    labels.push_back(lab);
    label_weights.push_back(lw);
    bbox_targets.push_back(bt);
    bbox_weights.push_back(bw);
  }
  return {torch::cat(labels), torch::cat(label_weights), torch::cat(bbox_targets), torch::cat(bbox_weights),
          settings.sampling ? num_pos + num_neg : num_pos};
}

}  // namespace mmdet4j::models
