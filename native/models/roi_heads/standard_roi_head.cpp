#include "models/roi_heads/standard_roi_head.h"

#include <cmath>

#include "core/autocast.h"
#include "core/post_processing/multiclass_nms.h"
#include "core/post_processing/nms_config.h"
#include "registry/registry.h"
#include "registry/settings.h"

namespace mmdet4j::models {

namespace {

// A head must take the features its extractor pools: same size and channels.
void check_fits(const Options& head, const std::string& head_key, int64_t roi_feat_size, int64_t in_channels,
                const std::string& extractor_key, const RoIExtractor& extractor) {
  TORCH_CHECK(roi_feat_size == extractor.output_size(), head.path_of(head_key + ".roi_feat_size"), ": ",
              roi_feat_size, " differs from ", extractor_key, ".roi_layer.output_size ", extractor.output_size());
  TORCH_CHECK(in_channels == extractor.out_channels(), head.path_of(head_key + ".in_channels"), ": ", in_channels,
              " differs from ", extractor_key, ".out_channels ", extractor.out_channels());
}

}  // namespace

Schema StandardRoIHead::schema() {
  return Schema()
      .component("bbox_roi_extractor", "roi_extractor", "pools the box branch's RoI features")
      .component("bbox_head", "head", "box head: classifies and refines each RoI (ConvFCBBoxHead family)")
      .optional_component("mask_roi_extractor", "roi_extractor", nullptr,
                          "pools the mask branch's RoI features (None: the box branch's extractor)")
      .optional_component("mask_head", "head", nullptr, "mask head (FCNMaskHead); None: no mask branch")
      .optional("shared_head", ParamType::kDict, nullptr, "only None (ResNet C4 shared heads)")
      .optional("train_cfg", ParamType::kDict, nullptr, "set by the detector from train_cfg.rcnn; must stay None")
      .optional("test_cfg", ParamType::kDict, nullptr, "set by the detector from test_cfg.rcnn; must stay None")
      .optional("pretrained", ParamType::kStr, nullptr, "only None (mmdetection uses it for shared heads only)")
      .optional("init_cfg", ParamType::kDict, nullptr, "only None: the heads use mmdetection's default init");
}

const Schema& StandardRoIHead::train_schema() {
  static const Schema s = Schema()
      .component("assigner", "assigner", "assigns proposals to ground truths (MaxIoUAssigner)")
      .component("sampler", "sampler", "samples the assigned proposals (RandomSampler, OHEMSampler, ...)")
      .optional("pos_weight", ParamType::kFloat, -1.0, "weight of positive RoIs (<= 0: 1)")
      .optional("mask_size", ParamType::kInt, 28, "side of the mask targets; the mask head's output size")
      .optional("debug", ParamType::kBool, false, "only False");
  return s;
}

const Schema& StandardRoIHead::test_schema() {
  static const Schema s = Schema()
      .optional("score_thr", ParamType::kFloat, 0.05, "detections scoring below this are dropped")
      .optional_component("nms", "nms", {{"type", "nms"}, {"iou_threshold", 0.5}}, "NMS per class")
      .optional("max_per_img", ParamType::kInt, 100, "detections kept per image")
      .optional("mask_thr_binary", ParamType::kFloat, 0.5, "mask probability from which a pixel belongs to the mask");
  return s;
}

StandardRoIHead::StandardRoIHead(const Options& given, const Options& train_cfg, const Options& test_cfg) {
  static const Schema own_schema = schema();
  const auto head = given.checked_by(own_schema, "StandardRoIHead");
  head.require_none("shared_head", "shared heads (ResNet C4 models) are not supported natively so far");
  head.require_none("train_cfg", "give it as the detector's train_cfg.rcnn: mmdetection replaces the RoI head's "
               "own with that one");
  head.require_none("test_cfg", "give it as the detector's test_cfg.rcnn: mmdetection replaces the RoI head's "
               "own with that one");
  head.require_none("pretrained", "only None is supported natively (it initialises shared heads)");
  head.require_none("init_cfg", "only None is supported natively (the heads use mmdetection's default init)");

  bbox_roi_extractor_ = build_roi_extractor(head.section("bbox_roi_extractor"));
  bbox_head = register_module("bbox_head", build_bbox_head(head.section("bbox_head")));
  check_fits(head, "bbox_head", bbox_head->roi_feat_size(), bbox_head->in_channels(), "bbox_roi_extractor",
             *bbox_roi_extractor_);
  if (head.is_null("mask_head")) {
    head.require_none("mask_roi_extractor", "given without a mask_head");
  } else {
    const bool shared = head.is_null("mask_roi_extractor");
    mask_roi_extractor_ = shared ? bbox_roi_extractor_ : build_roi_extractor(head.section("mask_roi_extractor"));
    mask_head = register_module("mask_head", build_mask_head(head.section("mask_head")));
    check_fits(head, "mask_head", mask_head->roi_feat_size(), mask_head->in_channels(),
               shared ? "bbox_roi_extractor" : "mask_roi_extractor", *mask_roi_extractor_);
    TORCH_CHECK(mask_head->num_classes() == bbox_head->num_classes(), head.path_of("mask_head.num_classes"), ": ",
                mask_head->num_classes(), " differs from bbox_head.num_classes ", bbox_head->num_classes());
  }

  const auto test = test_cfg.with_schema(test_schema(), "test_cfg of " + head.path());
  test_ = {test.get_double("score_thr"), core::NmsConfig::from(test.section("nms")).iou_threshold,
           test.get_int("max_per_img"), test.get_double("mask_thr_binary")};

  if (train_cfg.to_json().empty()) return;  // built for testing only
  const auto train = train_cfg.with_schema(train_schema(), "train_cfg of " + head.path());
  TORCH_CHECK(!train.get_bool("debug"), train.path_of("debug"), ": only False is supported");
  assigner_ = core::build_assigner(train.section("assigner"));
  sampler_ = core::build_sampler(train.section("sampler"));
  pos_weight_ = train.get_double("pos_weight");
  mask_size_ = train.get_int("mask_size");
  TORCH_CHECK(mask_size_ > 0, train.path_of("mask_size"), ": must be positive, got ", mask_size_);
  TORCH_CHECK(!with_mask() || mask_head->output_size() == mask_size_, train.path_of("mask_size"), ": ", mask_size_,
              " differs from the mask head's output size ", with_mask() ? mask_head->output_size() : 0,
              " (roi_feat_size x upsample scale_factor)");
}

std::pair<torch::Tensor, torch::Tensor> StandardRoIHead::bbox_forward(const std::vector<torch::Tensor>& features,
                                                                      const torch::Tensor& rois) {
  auto [cls_score, bbox_pred] = bbox_head->forward((*bbox_roi_extractor_)(features, rois));
  return {core::to_float32(cls_score), core::to_float32(bbox_pred)};
}

torch::Tensor StandardRoIHead::mask_forward(const std::vector<torch::Tensor>& features, const torch::Tensor& rois) {
  return core::to_float32(mask_head->forward((*mask_roi_extractor_)(features, rois)));
}

core::SamplingResult StandardRoIHead::assign_and_sample(const std::vector<torch::Tensor>& features, int64_t image,
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

std::map<std::string, torch::Tensor> StandardRoIHead::forward_train(const std::vector<torch::Tensor>& features,
                                                                    const std::vector<torch::Tensor>& proposals,
                                                                    const std::vector<GroundTruth>& gts) {
  TORCH_CHECK(assigner_ != nullptr, "this RoI head was built without a train_cfg: it cannot compute losses");
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

std::vector<Detections> StandardRoIHead::simple_test(const std::vector<torch::Tensor>& features,
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
    if (rescale) d.boxes = metas[i].to_original(d.boxes);
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

namespace {

const Registrar<RoIHead, Options, Options> kStandardRoIHead(
    "head", "StandardRoIHead", StandardRoIHead::schema(),
    "RoI head of a box branch and an optional mask branch, each an extractor and a head",
    [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
      return std::make_shared<StandardRoIHead>(head, train_cfg, test_cfg);
    });

const SettingsRegistrar kTrainSettings("StandardRoIHead.train_cfg", StandardRoIHead::train_schema(),
                                       "a RoI head's training settings (a two-stage detector's train_cfg.rcnn)");
const SettingsRegistrar kTestSettings("StandardRoIHead.test_cfg", StandardRoIHead::test_schema(),
                                      "a RoI head's test settings (a two-stage detector's test_cfg.rcnn)");

}  // namespace

}  // namespace mmdet4j::models
