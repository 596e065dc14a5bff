#include "models/dense_heads/reppoints_head.h"

#include <algorithm>
#include <cmath>

#include "core/anchor/point_generator.h"
#include "core/autocast.h"
#include "models/dense_heads/dense_test.h"
#include "registry/registry.h"
#include "registry/settings.h"

namespace mmdet4j::models {

Schema RepPointsHeadImpl::schema() {
  return Schema()
      .required("num_classes", ParamType::kInt, "number of object classes, background excluded")
      .required("in_channels", ParamType::kInt, "channels of each input feature map")
      .optional("feat_channels", ParamType::kInt, 256, "channels of the towers' convs")
      .optional("point_feat_channels", ParamType::kInt, 256, "channels of the deformable convs' outputs")
      .optional("stacked_convs", ParamType::kInt, 4, "3x3 ConvModules in each tower (AnchorFreeHead's default)")
      .optional("num_points", ParamType::kInt, 9, "points per object: an odd square (the deformable kernel)")
      .optional("gradient_mul", ParamType::kFloat, 0.1,
                "factor on the gradient reaching the initial points through the deformable convs")
      .optional("point_strides", ParamType::kIntList, {8, 16, 32, 64, 128}, "stride of each input level")
      .optional("point_base_scale", ParamType::kFloat, 4.0, "box size, in strides, of a level's points")
      .optional("conv_bias", ParamType::kAny, "auto", "bias of the towers' convs: only 'auto'")
      .optional("conv_cfg", ParamType::kDict, nullptr, "the towers' convs: None (plain) or {type: DCN | DCNv2, deform_groups}")
      .optional("norm_cfg", ParamType::kDict, nullptr, "norm of the towers' convs: None, {type: GN, num_groups} or BN")
      .optional_component("loss_cls", "loss",
                          {{"type", "FocalLoss"}, {"use_sigmoid", true}, {"gamma", 2.0}, {"alpha", 0.25},
                           {"loss_weight", 1.0}},
                          "classification loss (sigmoid)")
      .optional_component("loss_bbox_init", "loss", {{"type", "SmoothL1Loss"}, {"beta", 1.0 / 9}, {"loss_weight", 0.5}},
                          "loss of the initial points' boxes")
      .optional_component("loss_bbox_refine", "loss",
                          {{"type", "SmoothL1Loss"}, {"beta", 1.0 / 9}, {"loss_weight", 1.0}},
                          "loss of the refined points' boxes")
      .optional("use_grid_points", ParamType::kBool, false, "regress boxes and place the points on a grid in them")
      .optional("center_init", ParamType::kBool, true, "initial points at the cell's point (else a base-sized grid)")
      .choice("transform_method", "moment", {"moment", "minmax", "partial_minmax"}, "how a point set becomes a box")
      .optional("moment_mul", ParamType::kFloat, 0.01, "factor on the moment transfer's gradient")
      .optional("train_cfg", ParamType::kDict, nullptr, "set by the detector from its train_cfg; must stay None")
      .optional("test_cfg", ParamType::kDict, nullptr, "set by the detector from its test_cfg; must stay None")
      .optional("init_cfg", ParamType::kDict, nullptr, "only None: the head uses mmdetection's default init");
}

const Schema& RepPointsHeadImpl::stage_schema() {
  static const Schema s = Schema()
      .component("assigner", "assigner", "PointAssigner or MaxIoUAssigner")
      .optional("allowed_border", ParamType::kInt, -1, "only -1 (every point takes part)")
      .optional("pos_weight", ParamType::kFloat, -1.0, "weight of positive points (<= 0: 1)")
      .optional("debug", ParamType::kBool, false, "only False");
  return s;
}

const Schema& RepPointsHeadImpl::train_schema() {
  static const Schema s = Schema()
      .required("init", ParamType::kDict, "the initial points' stage: {assigner, allowed_border, pos_weight, debug}")
      .required("refine", ParamType::kDict, "the refined points' and classes' stage (same keys)");
  return s;
}

namespace {

RepPointsHeadImpl::Stage read_stage(const Options& train, const std::string& key, bool& on_points) {
  const auto o = train.section(key).with_schema(RepPointsHeadImpl::stage_schema(), "train_cfg." + key);
  TORCH_CHECK(o.get_int("allowed_border") == -1, o.path_of("allowed_border"), ": only -1 is supported");
  TORCH_CHECK(!o.get_bool("debug"), o.path_of("debug"), ": only False is supported");
  const auto assigner = o.section("assigner");
  on_points = assigner.get_string("type", "") == "PointAssigner";
  return {core::build_assigner(assigner), o.get_double("pos_weight")};
}

}  // namespace

RepPointsHeadImpl::RepPointsHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : num_classes_(head.get_int("num_classes")),
      in_channels_(head.get_int("in_channels")),
      stacked_convs_(head.get_int("stacked_convs")),
      num_points_(head.get_int("num_points")),
      kernel_(static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(std::max<int64_t>(num_points_, 0)))))),
      gradient_mul_(head.get_double("gradient_mul")),
      point_base_scale_(head.get_double("point_base_scale")),
      moment_mul_(head.get_double("moment_mul")),
      strides_(head.get_int_list("point_strides")),
      use_grid_points_(head.get_bool("use_grid_points")),
      center_init_(head.get_bool("center_init")),
      transform_(points_to_box_method(head.get_string("transform_method"), head.path_of("transform_method"))),
      loss_cls_(build_loss(head.section("loss_cls"))),
      loss_bbox_init_(build_loss(head.section("loss_bbox_init"))),
      loss_bbox_refine_(build_loss(head.section("loss_bbox_refine"))),
      test_(AnchorHead::TestSettings::from(test_cfg, head.path())) {
  register_module("loss_cls", loss_cls_);
  register_module("loss_bbox_init", loss_bbox_init_);
  register_module("loss_bbox_refine", loss_bbox_refine_);
  const int64_t feat = head.get_int("feat_channels"), point_feat = head.get_int("point_feat_channels");
  TORCH_CHECK(num_classes_ > 0, head.path_of("num_classes"), ": must be positive, got ", num_classes_);
  TORCH_CHECK(in_channels_ > 0 && feat > 0 && point_feat > 0, head.path(), ": channels must be positive");
  TORCH_CHECK(stacked_convs_ >= 0, head.path_of("stacked_convs"), ": must be >= 0, got ", stacked_convs_);
  TORCH_CHECK(kernel_ * kernel_ == num_points_ && kernel_ % 2 == 1, head.path_of("num_points"),
              ": must be an odd square (9, 25, ...), got ", num_points_);
  TORCH_CHECK(!strides_.empty(), head.path_of("point_strides"), ": needs one stride per level");
  for (auto s : strides_) TORCH_CHECK(s > 0, head.path_of("point_strides"), ": strides must be positive, got ", s);
  TORCH_CHECK(point_base_scale_ > 0, head.path_of("point_base_scale"), ": must be positive");
  TORCH_CHECK(loss_cls_->use_sigmoid(), head.path_of("loss_cls"),
              ": RepPoints scores points with a sigmoid: use FocalLoss (or another loss with use_sigmoid=True)");
  TORCH_CHECK(head.get_json("conv_bias") == "auto", head.path_of("conv_bias"), ": only 'auto' is supported");
  head.require_none("train_cfg", "give it as the detector's train_cfg: mmdetection replaces the head's own with it");
  head.require_none("test_cfg", "give it as the detector's test_cfg: mmdetection replaces the head's own with it");
  head.require_none("init_cfg", "only None is supported natively (the head uses mmdetection's default init)");
  if (!train_cfg.to_json().empty()) {
    const auto train = train_cfg.with_schema(train_schema(), "train_cfg of " + head.path());
    bool refine_on_points = false;
    init_stage_ = read_stage(train, "init", init_on_points_);
    refine_stage_ = read_stage(train, "refine", refine_on_points);
    TORCH_CHECK(!refine_on_points, train.path_of("refine"),
                ": the refine stage assigns the initial points' boxes: use MaxIoUAssigner");
  }

  // The (dy, dx) of each tap of a plain kernel_ x kernel_ convolution, row by row.
  const int64_t pad = kernel_ / 2;
  auto base = torch::arange(-pad, pad + 1, torch::kFloat);
  base_offset_ = torch::stack({base.repeat_interleave(kernel_), base.repeat({kernel_})}, 1).reshape({1, -1, 1, 1});

  const auto norm = NormConfig::from(head, "norm_cfg");
  const auto conv_cfg = deform_conv_cfg(head, "conv_cfg");
  for (int64_t i = 0; i < stacked_convs_; ++i) {
    const int64_t in = i == 0 ? in_channels_ : feat;
    cls_convs_->push_back(ConvModule(in, feat, 3, 1, true, norm, std::nullopt, std::nullopt, conv_cfg));
    reg_convs_->push_back(ConvModule(in, feat, 3, 1, true, norm, std::nullopt, std::nullopt, conv_cfg));
  }
  register_module("cls_convs", cls_convs_);
  register_module("reg_convs", reg_convs_);
  const int64_t tower = stacked_convs_ > 0 ? feat : in_channels_;
  const int64_t pts_out = use_grid_points_ ? 4 : 2 * num_points_;
  auto deform = [&] {
    return DeformConv2d(DeformConvOptions{tower, point_feat, kernel_, 1, pad, 1, 1, 1, false, false, /*pack=*/false});
  };
  auto conv = [](int64_t in, int64_t out, int64_t k) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).padding(k / 2));
  };
  cls_conv_ = register_module("reppoints_cls_conv", deform());
  cls_out_ = register_module("reppoints_cls_out", conv(point_feat, num_classes_, 1));
  init_conv_ = register_module("reppoints_pts_init_conv", conv(tower, point_feat, 3));
  init_out_ = register_module("reppoints_pts_init_out", conv(point_feat, pts_out, 1));
  refine_conv_ = register_module("reppoints_pts_refine_conv", deform());
  refine_out_ = register_module("reppoints_pts_refine_out", conv(point_feat, pts_out, 1));
  if (transform_ == PointsToBox::kMoment) moment_transfer_ = register_parameter("moment_transfer", torch::zeros({2}));

  // mmdetection v2.28's init_cfg: Normal(0, 0.01) for every Conv2d, the classifier's bias at prior
  // probability 0.01; the deformable convs keep mmcv's uniform init.
  init_normal(*this, 0.01);
  torch::NoGradGuard no_grad;
  cls_out_->bias.fill_(-std::log((1 - 0.01) / 0.01));
}

torch::Tensor RepPointsHeadImpl::boxes_of(const torch::Tensor& point_maps) const {
  return point_maps_to_boxes(point_maps, transform_, moment_transfer_, moment_mul_);
}

std::pair<torch::Tensor, torch::Tensor> RepPointsHeadImpl::grid_from_regression(const torch::Tensor& reg,
                                                                                const torch::Tensor& previous) const {
  const int64_t n = reg.size(0), h = reg.size(2), w = reg.size(3), k = kernel_;
  auto centre = (previous.narrow(1, 0, 2) + previous.narrow(1, 2, 2)) / 2;
  auto size = (previous.narrow(1, 2, 2) - previous.narrow(1, 0, 2)).clamp_min(1e-6);
  auto grid_wh = size * reg.narrow(1, 2, 2).exp();
  auto top_left = centre + size * reg.narrow(1, 0, 2) - 0.5 * grid_wh;
  auto left = top_left.narrow(1, 0, 1), top = top_left.narrow(1, 1, 1);
  auto width = grid_wh.narrow(1, 0, 1), height = grid_wh.narrow(1, 1, 1);
  auto steps = torch::linspace(0, 1, k, reg.options()).view({1, k, 1, 1});
  // Point (i, j) of the grid sits at row i, column j.
  auto xs = (left + width * steps).unsqueeze(1).expand({n, k, k, h, w});
  auto ys = (top + height * steps).unsqueeze(2).expand({n, k, k, h, w});
  auto points = torch::stack({ys.reshape({n, k * k, h, w}), xs.reshape({n, k * k, h, w})}, 2).view({n, -1, h, w});
  return {points, torch::cat({left, top, left + width, top + height}, 1)};
}

RepPointsHeadImpl::Outputs RepPointsHeadImpl::forward(const std::vector<torch::Tensor>& features) {
  TORCH_CHECK(features.size() == strides_.size(), "RepPointsHead: ", features.size(), " feature levels but ",
              strides_.size(), " point_strides");
  Outputs out;
  for (const auto& x : features) {
    const auto base = base_offset_.to(x.device(), x.scalar_type());
    const double scale = point_base_scale_ / 2;
    auto cls_feat = x, pts_feat = x;
    for (int64_t i = 0; i < stacked_convs_; ++i) {
      cls_feat = cls_convs_[i]->as<ConvModule>()->forward(cls_feat);
      pts_feat = reg_convs_[i]->as<ConvModule>()->forward(pts_feat);
    }
    auto pts_init = init_out_(torch::relu(init_conv_(pts_feat)));
    torch::Tensor box_init;
    if (use_grid_points_) {
      auto base_box = torch::tensor({-scale, -scale, scale, scale}, x.options()).view({1, 4, 1, 1});
      std::tie(pts_init, box_init) = grid_from_regression(pts_init, base_box);
    } else if (!center_init_) {
      pts_init = pts_init + base / base.max() * scale;  // a point_base_scale-sized grid around the point
    }
    // The deformable convs sample where the initial points are; their gradient reaches the points
    // scaled by gradient_mul.
    auto offset = (1 - gradient_mul_) * pts_init.detach() + gradient_mul_ * pts_init - base;
    auto cls = cls_out_(torch::relu(cls_conv_->forward_with_offset(cls_feat, offset)));
    auto pts_refine = refine_out_(torch::relu(refine_conv_->forward_with_offset(pts_feat, offset)));
    if (use_grid_points_) {
      pts_refine = grid_from_regression(pts_refine, box_init.detach()).first;
    } else {
      pts_refine = pts_refine + pts_init.detach();
    }
    out.cls_scores.push_back(core::to_float32(cls));
    out.pts_init.push_back(core::to_float32(pts_init));
    out.pts_refine.push_back(core::to_float32(pts_refine));
  }
  return out;
}

std::map<std::string, torch::Tensor> RepPointsHeadImpl::forward_train(const std::vector<torch::Tensor>& features,
                                                                     const std::vector<GroundTruth>& gts,
                                                                     const std::vector<ImageMeta>& metas) {
  TORCH_CHECK(gts.size() == metas.size() && static_cast<int64_t>(gts.size()) == features.at(0).size(0),
              "RepPointsHead: ", features.at(0).size(0), " images but ", gts.size(), " ground truths and ",
              metas.size(), " metas");
  return loss(forward(features), gts);
}

std::vector<Detections> RepPointsHeadImpl::simple_test(const std::vector<torch::Tensor>& features,
                                                       const std::vector<ImageMeta>& metas, bool rescale) {
  const auto out = forward(features);
  std::vector<torch::Tensor> boxes, points;
  for (size_t l = 0; l < strides_.size(); ++l) {
    boxes.push_back(boxes_of(out.pts_refine[l]));
    const auto& s = out.cls_scores[l];
    points.push_back(core::grid_points(s.size(2), s.size(3), strides_[l], s.options(), /*offset=*/0));
  }
  std::vector<Detections> result;
  for (size_t i = 0; i < metas.size(); ++i) {
    std::vector<torch::Tensor> level_boxes, scores, labels;
    for (size_t l = 0; l < strides_.size(); ++l) {
      auto top = top_scores(out.cls_scores[l][i].permute({1, 2, 0}).reshape({-1, num_classes_}).sigmoid(),
                            test_.score_thr, test_.nms_pre);
      // v2.28's _bbox_decode: boxes in strides around the point, clipped to the image.
      auto b = boxes[l][i].permute({1, 2, 0}).reshape({-1, 4}).index_select(0, top.points) *
                   static_cast<double>(strides_[l]) +
               points[l].index_select(0, top.points).repeat({1, 2});
      auto x = b.select(1, 0).clamp(0, metas[i].width), y = b.select(1, 1).clamp(0, metas[i].height);
      auto x2 = b.select(1, 2).clamp(0, metas[i].width), y2 = b.select(1, 3).clamp(0, metas[i].height);
      level_boxes.push_back(torch::stack({x, y, x2, y2}, 1));
      scores.push_back(top.scores);
      labels.push_back(top.labels);
    }
    result.push_back(finish_detections(torch::cat(level_boxes), torch::cat(scores), torch::cat(labels), metas[i],
                                       rescale, test_));
  }
  return result;
}

struct RepPointsHeadImpl::StageTargets {
  torch::Tensor labels, label_weights;  // (N * M,), image-major, levels concatenated
  torch::Tensor boxes, box_weights;     // (N * M, 4)
  double num_pos;                       // sum over images of max(positives, 1)
};

RepPointsHeadImpl::StageTargets RepPointsHeadImpl::targets(const std::vector<torch::Tensor>& candidates,
                                                           const std::vector<GroundTruth>& gts,
                                                           const Stage& stage) const {
  TORCH_CHECK(stage.assigner, "RepPointsHead: built without a train_cfg: it cannot compute losses");
  std::vector<torch::Tensor> labels, label_weights, boxes, box_weights;
  double num_pos = 0;
  for (size_t i = 0; i < gts.size(); ++i) {
    const auto& c = candidates[i];
    const auto gt_boxes = gts[i].boxes.to(c.options()), gt_labels = gts[i].labels.to(c.device());
    const auto r = stage.assigner->assign(c, gt_boxes, gt_labels);
    const auto pos = r.gt_inds > 0;
    const auto matched = (r.gt_inds - 1).clamp_min(0);
    auto l = torch::full({c.size(0)}, num_classes_, r.gt_inds.options());
    labels.push_back(torch::where(pos, r.labels, l));
    auto w = (r.gt_inds == 0).to(torch::kFloat);
    label_weights.push_back(w.masked_fill(pos, stage.pos_weight > 0 ? stage.pos_weight : 1.0));
    auto target = gt_boxes.numel() > 0 ? gt_boxes.index_select(0, matched) : torch::zeros({c.size(0), 4}, c.options());
    boxes.push_back(target * pos.unsqueeze(1));
    box_weights.push_back(pos.unsqueeze(1).expand({-1, 4}).to(torch::kFloat));
    num_pos += std::max<double>(pos.sum().item<double>(), 1.0);
  }
  return {torch::cat(labels), torch::cat(label_weights), torch::cat(boxes), torch::cat(box_weights), num_pos};
}

std::map<std::string, torch::Tensor> RepPointsHeadImpl::loss(const Outputs& o, const std::vector<GroundTruth>& gts) const {
  const int64_t n = o.cls_scores[0].size(0), levels = static_cast<int64_t>(strides_.size());
  // Per level: the cells' points (x, y, stride), and the factor boxes are divided by in the losses.
  std::vector<torch::Tensor> points(levels), norms(levels);
  for (int64_t l = 0; l < levels; ++l) {
    const auto& s = o.cls_scores[l];
    auto xy = core::grid_points(s.size(2), s.size(3), strides_[l], s.options(), /*offset=*/0);
    points[l] = torch::cat({xy, torch::full({xy.size(0), 1}, static_cast<double>(strides_[l]), xy.options())}, 1);
    norms[l] = torch::full({xy.size(0), 1}, point_base_scale_ * strides_[l], xy.options());
  }
  // Per level, computed once for the batch: the initial stage's candidates (the points, or boxes
  // of point_base_scale strides around them) and the refine stage's (the boxes of the detached
  // initial points, in pixels; (N, H * W, 4)).
  std::vector<torch::Tensor> level_candidates(levels), level_previous(levels);
  for (int64_t l = 0; l < levels; ++l) {
    const auto centre = points[l].narrow(1, 0, 2);
    const double half = point_base_scale_ * strides_[l] * 0.5;
    level_candidates[l] = init_on_points_ ? points[l] : torch::cat({centre - half, centre + half}, 1);
    torch::NoGradGuard no_grad;
    level_previous[l] = boxes_of(o.pts_init[l].detach()).permute({0, 2, 3, 1}).reshape({n, -1, 4}) *
                            static_cast<double>(strides_[l]) +
                        centre.repeat({1, 2});
  }
  const auto init_candidates_of_an_image = torch::cat(level_candidates);
  // Everything below is image-major, each image's levels concatenated.
  std::vector<torch::Tensor> cls, init_pts, refine_pts, init_candidates, refine_candidates, norm;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<torch::Tensor> previous;
    for (int64_t l = 0; l < levels; ++l) {
      const auto centre = points[l].narrow(1, 0, 2);
      auto flat = [&](const torch::Tensor& maps) {
        return maps[i].permute({1, 2, 0}).reshape({centre.size(0), -1});
      };
      cls.push_back(flat(o.cls_scores[l]));
      // (dy, dx) pairs in strides -> (x, y) pairs in pixels.
      auto to_pixels = [&](const torch::Tensor& maps) {
        auto yx = flat(maps).view({centre.size(0), -1, 2});
        return (yx.flip(2) * static_cast<double>(strides_[l]) + centre.unsqueeze(1)).reshape({centre.size(0), -1});
      };
      init_pts.push_back(to_pixels(o.pts_init[l]));
      refine_pts.push_back(to_pixels(o.pts_refine[l]));
      norm.push_back(norms[l]);
      previous.push_back(level_previous[l][i]);
    }
    init_candidates.push_back(init_candidates_of_an_image);
    refine_candidates.push_back(torch::cat(previous));
  }
  const auto init = targets(init_candidates, gts, init_stage_);
  const auto refine = targets(refine_candidates, gts, refine_stage_);
  const auto normalise = torch::cat(norm);
  auto box_loss = [&](const Loss& loss, const std::vector<torch::Tensor>& pts, const StageTargets& t) {
    auto pred = points_to_boxes(torch::cat(pts), /*y_first=*/false, transform_, moment_transfer_, moment_mul_);
    return loss(pred / normalise, t.boxes / normalise, t.box_weights, t.num_pos);
  };
  return {{"loss_cls", (*loss_cls_)(torch::cat(cls), refine.labels, refine.label_weights, refine.num_pos)},
          {"loss_pts_init", box_loss(*loss_bbox_init_, init_pts, init)},
          {"loss_pts_refine", box_loss(*loss_bbox_refine_, refine_pts, refine)}};
}

namespace {

const SettingsRegistrar kTrainSettings("RepPointsHead.train_cfg", RepPointsHeadImpl::train_schema(),
                                       "RepPoints' two assignment stages: init (PointAssigner) and refine "
                                       "(MaxIoUAssigner)");

const Registrar<DenseHead, Options, Options> kRepPointsHead(
    "head", "RepPointsHead", RepPointsHeadImpl::schema(),
    "RepPoints' head: objects as point sets, initialised per cell and refined through deformable convolutions",
    [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
      return std::make_shared<RepPointsHeadImpl>(head, train_cfg, test_cfg);
    });

}  // namespace

}  // namespace mmdet4j::models
