#include "models/roi_heads/standard_roi_head.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/post_processing/multiclass_nms.h"

namespace mmdet4j::models {

namespace {

// mmdetection's R-CNN training defaults (its configs' train_cfg.rcnn), for callers that omit them.
const Json kDefaultAssigner = {{"type", "MaxIoUAssigner"}, {"pos_iou_thr", 0.5}, {"neg_iou_thr", 0.5},
                               {"min_pos_iou", 0.5}, {"match_low_quality", false}};
const Json kDefaultSampler = {{"type", "RandomSampler"}, {"num", 512}, {"pos_fraction", 0.25}};

}  // namespace

RcnnTestOptions RcnnTestOptions::from(const Options& o) {
  RcnnTestOptions t;
  t.score_thr = o.get_double("score_thr", t.score_thr);
  t.iou_threshold = o.get_double("nms.iou_threshold", t.iou_threshold);
  t.max_per_img = o.get_int("max_per_img", t.max_per_img);
  t.mask_thr_binary = o.get_double("mask_thr_binary", t.mask_thr_binary);
  return t;
}

StandardRoIHeadImpl::StandardRoIHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : bbox_roi_extractor_(build_roi_extractor(head.sub("bbox_roi_extractor"))),
      pos_weight_(train_cfg.get_double("pos_weight", -1)),
      mask_size_(train_cfg.get_int("mask_size", 28)),
      test_(RcnnTestOptions::from(test_cfg)) {
  assigner_ = core::build_assigner(train_cfg.sub_or("assigner", kDefaultAssigner));
  sampler_ = core::build_sampler(train_cfg.sub_or("sampler", kDefaultSampler));
  bbox_head = register_module("bbox_head", ConvFCBBoxHead(head.sub("bbox_head")));
  if (head.has("mask_head.type")) {
    TORCH_CHECK(head.get_string("mask_head.type", "") == "FCNMaskHead", "unknown mask head type '",
                head.get_string("mask_head.type", ""), "'");
    mask_roi_extractor_ = build_roi_extractor(head.sub("mask_roi_extractor"));
    mask_head = register_module("mask_head", FCNMaskHead(head.sub("mask_head")));
    // The deconvolution scales the RoI features up by upsample_cfg.scale_factor.
    const int64_t roi_feat_size = head.get_int("mask_head.roi_feat_size", 14);
    TORCH_CHECK(roi_feat_size == mask_roi_extractor_->output_size(), head.path_of("mask_head.roi_feat_size"), ": ",
                roi_feat_size, " differs from the mask RoI extractor's output_size ", mask_roi_extractor_->output_size());
    const int64_t out = mask_roi_extractor_->output_size() * head.get_int("mask_head.upsample_cfg.scale_factor", 2);
    TORCH_CHECK(out == mask_size_, "Mask R-CNN: the mask head's output size ", out,
                " (mask_roi_extractor output_size x upsample scale_factor) must equal train_cfg.rcnn.mask_size ",
                mask_size_);
  }
}

std::pair<torch::Tensor, torch::Tensor> StandardRoIHeadImpl::bbox_forward(const std::vector<torch::Tensor>& features,
                                                                          const torch::Tensor& rois) {
  return bbox_head->forward((*bbox_roi_extractor_)(features, rois));
}

torch::Tensor StandardRoIHeadImpl::mask_forward(const std::vector<torch::Tensor>& features, const torch::Tensor& rois) {
  return mask_head->forward((*mask_roi_extractor_)(features, rois));
}

core::SamplingResult StandardRoIHeadImpl::assign_and_sample(const std::vector<torch::Tensor>& features, int64_t image,
                                                            const torch::Tensor& proposals, const GroundTruth& gt) {
  auto boxes = proposals.narrow(1, 0, 4);
  auto assigned = assigner_->assign(boxes, gt.boxes, gt.labels);
  // OHEM ranks candidates by the bbox head's classification loss on this image's features.
  core::HardnessFn hardness = [&](const torch::Tensor& candidates, const torch::Tensor& labels) {
    torch::NoGradGuard no_grad;
    auto index = torch::full({candidates.size(0), 1}, static_cast<double>(image), candidates.options());
    auto [cls_score, unused] = bbox_forward(features, torch::cat({index, candidates}, 1));
    return bbox_head->cls_loss_per_roi(cls_score, labels);
  };
  return sampler_->sample(assigned, boxes, gt.boxes, gt.labels, hardness, bbox_head->num_classes());
}

std::map<std::string, torch::Tensor> StandardRoIHeadImpl::forward_train(const std::vector<torch::Tensor>& features,
                                                                        const std::vector<torch::Tensor>& proposals,
                                                                        const std::vector<GroundTruth>& gts) {
  std::vector<core::SamplingResult> samples;
  std::vector<torch::Tensor> sampled_boxes, pos_boxes, pos_labels;
  for (size_t i = 0; i < gts.size(); ++i) {
    samples.push_back(assign_and_sample(features, static_cast<int64_t>(i), proposals[i], gts[i]));
    sampled_boxes.push_back(samples.back().boxes());
    pos_boxes.push_back(samples.back().pos_boxes);
    pos_labels.push_back(samples.back().pos_gt_labels);
  }
  auto rois = bbox2roi(sampled_boxes);
  auto [cls_score, bbox_pred] = bbox_forward(features, rois);
  auto losses = bbox_head->loss(cls_score, bbox_pred, rois, bbox_head->get_targets(samples, pos_weight_));
  if (with_mask()) {
    auto targets = mask_head->get_targets(samples, gts, mask_size_);
    auto labels = torch::cat(pos_labels);
    auto pos_rois = bbox2roi(pos_boxes);
    auto mask_pred = pos_rois.size(0) > 0
                         ? mask_forward(features, pos_rois)
                         // No positive anywhere: a zero loss that still reaches every mask parameter.
                         : mask_forward(features, torch::zeros({1, 5}, rois.options())).narrow(0, 0, 0);
    losses["loss_mask"] = mask_head->loss(mask_pred, targets, labels);
  }
  return losses;
}

std::vector<Detections> StandardRoIHeadImpl::simple_test(const std::vector<torch::Tensor>& features,
                                                         const std::vector<torch::Tensor>& proposals,
                                                         const std::vector<ImageMeta>& metas, bool rescale) {
  const auto n = static_cast<int64_t>(proposals.size());
  auto rois = bbox2roi(proposals);
  std::vector<Detections> out;
  torch::Tensor cls_score, bbox_pred;
  if (rois.size(0) > 0) std::tie(cls_score, bbox_pred) = bbox_forward(features, rois);
  std::vector<torch::Tensor> input_boxes;  // kept detections in input pixels, for the mask head
  int64_t start = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t p = proposals[i].size(0);
    Detections d;
    auto opts = proposals[i].options();
    if (p == 0) {
      d = {torch::zeros({0, 4}, opts), torch::zeros({0}, opts), torch::zeros({0}, opts.dtype(torch::kLong))};
    } else {
      auto [boxes, scores] = bbox_head->decode(rois.narrow(0, start, p), cls_score.narrow(0, start, p),
                                               bbox_pred.narrow(0, start, p), metas[i]);
      // Scaling both axes leaves IoU unchanged, so NMS in input pixels equals mmdetection's NMS
      // after rescaling, and the mask head gets the input-pixel boxes it needs.
      auto kept = core::multiclass_nms(boxes, scores.narrow(1, 0, bbox_head->num_classes()), test_.score_thr,
                                       test_.iou_threshold, test_.max_per_img);
      d = {kept.boxes, kept.scores, kept.labels};
    }
    input_boxes.push_back(d.boxes);
    if (rescale) {
      const auto& f = metas[i].scale_factor;
      d.boxes = d.boxes / torch::tensor({f[0], f[1], f[2], f[3]}, d.boxes.options());
    }
    out.push_back(d);
    start += p;
  }
  if (!with_mask()) return out;
  auto mask_rois = bbox2roi(input_boxes);
  torch::Tensor mask_pred;
  if (mask_rois.size(0) > 0) mask_pred = mask_forward(features, mask_rois);
  start = 0;
  for (int64_t i = 0; i < n; ++i) {
    const auto& m = metas[i];
    int64_t h = m.height, w = m.width;
    if (rescale) {
      h = m.ori_height > 0 ? m.ori_height : static_cast<int64_t>(std::lround(m.height / m.scale_factor[1]));
      w = m.ori_width > 0 ? m.ori_width : static_cast<int64_t>(std::lround(m.width / m.scale_factor[0]));
    }
    const int64_t k = out[i].boxes.size(0);
    if (k == 0) {
      out[i].masks = torch::zeros({0, h, w}, mask_rois.options().dtype(torch::kBool));
      continue;
    }
    out[i].masks = mask_head->paste_masks(mask_pred.narrow(0, start, k), out[i].boxes, out[i].labels, h, w,
                                          test_.mask_thr_binary);
    start += k;
  }
  return out;
}

}  // namespace mmdet4j::models
