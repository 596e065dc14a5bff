#include "models/roi_heads/bbox_heads/convfc_bbox_head.h"

#include "layers/conv_module.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

const char* const kLayerCounts[] = {"num_shared_convs", "num_shared_fcs", "num_cls_convs",
                                    "num_cls_fcs",      "num_reg_convs",  "num_reg_fcs"};

struct Layout {
  int64_t shared_convs, shared_fcs, cls_convs, cls_fcs, reg_convs, reg_fcs;
};

// The presets fix the layout as mmdetection's subclasses do; ConvFCBBoxHead reads it, with
// mmdetection's asserts as errors naming the key.
Layout layout_of(const Options& o, const std::string& type) {
  if (type == "Shared2FCBBoxHead") return {0, 2, 0, 0, 0, 0};
  if (type == "Shared4Conv1FCBBoxHead") return {4, 1, 0, 0, 0, 0};
  Layout l{};
  int64_t* counts[] = {&l.shared_convs, &l.shared_fcs, &l.cls_convs, &l.cls_fcs, &l.reg_convs, &l.reg_fcs};
  int64_t total = 0;
  for (int i = 0; i < 6; ++i) {
    *counts[i] = o.get_int(kLayerCounts[i]);
    TORCH_CHECK(*counts[i] >= 0, o.path_of(kLayerCounts[i]), ": must be >= 0, got ", *counts[i]);
    total += *counts[i];
  }
  TORCH_CHECK(total > 0, o.path(), ": a ConvFCBBoxHead needs at least one conv or fc layer");
  // Branch convs after shared fcs would need the flat features reshaped back into maps.
  TORCH_CHECK(l.shared_fcs == 0 || (l.cls_convs == 0 && l.reg_convs == 0), o.path_of("num_shared_fcs"),
              ": must be 0 when num_cls_convs or num_reg_convs is positive");
  return l;
}

// The options through the schema of their type (a direct caller attaches none).
Options with_own_schema(const Options& given) {
  static const Schema convfc = ConvFCBBoxHeadImpl::schema();
  static const Schema preset = ConvFCBBoxHeadImpl::preset_schema();
  const auto type = given.get_string("type", "Shared2FCBBoxHead");
  TORCH_CHECK(type == "ConvFCBBoxHead" || type == "Shared2FCBBoxHead" || type == "Shared4Conv1FCBBoxHead",
              given.path_of("type"), ": not a ConvFCBBoxHead type: '", type, "'");
  return given.checked_by(type == "ConvFCBBoxHead" ? convfc : preset, type);
}

}  // namespace

Schema ConvFCBBoxHeadImpl::preset_schema() {
  return Schema()
      .include(BBoxHead::schema())
      .optional("conv_out_channels", ParamType::kInt, 256, "channels of the 3x3 convs")
      .optional("fc_out_channels", ParamType::kInt, 1024, "width of the fcs")
      .optional("conv_cfg", ParamType::kDict, nullptr, "only None (plain convs)")
      .optional("norm_cfg", ParamType::kDict, nullptr, "norm of the convs: None, {type: GN, num_groups} or BN");
}

Schema ConvFCBBoxHeadImpl::schema() {
  auto s = preset_schema();
  const char* docs[] = {"3x3 convs shared by both branches", "fcs shared by both branches",
                        "convs of the classification branch", "fcs of the classification branch",
                        "convs of the regression branch",     "fcs of the regression branch"};
  for (int i = 0; i < 6; ++i) s.optional(kLayerCounts[i], ParamType::kInt, 0, docs[i]);
  return s;
}

ConvFCBBoxHeadImpl::ConvFCBBoxHeadImpl(const Options& given) : BBoxHead(with_own_schema(given)) {
  const auto o = with_own_schema(given);
  o.require_none("conv_cfg", "only None is supported natively so far");
  const auto norm = NormConfig::from(o, "norm_cfg");
  for (const char* key : {"conv_out_channels", "fc_out_channels"}) {
    TORCH_CHECK(o.get_int(key) > 0, o.path_of(key), ": must be positive, got ", o.get_int(key));
  }
  const auto l = layout_of(o, o.get_string("type", "Shared2FCBBoxHead"));
  const int64_t in = in_channels(), conv_out = o.get_int("conv_out_channels");
  const int64_t fc_out = o.get_int("fc_out_channels"), size = roi_feat_size();
  const int64_t area = size * size;
  // mmdetection's _add_conv_fc_branch: convs keep the map, the first fc flattens it.
  auto add_branch = [&](int64_t convs, int64_t fcs, int64_t last, bool shared, torch::nn::ModuleList& conv_list,
                        torch::nn::ModuleList& fc_list) {
    for (int64_t i = 0; i < convs; ++i) {
      conv_list->push_back(ConvModule(i == 0 ? last : conv_out, conv_out, 3, 1, true, norm));
    }
    if (convs > 0) last = conv_out;
    if (fcs > 0) {
      if (shared || l.shared_fcs == 0) last *= area;
      for (int64_t i = 0; i < fcs; ++i) fc_list->push_back(torch::nn::Linear(i == 0 ? last : fc_out, fc_out));
      last = fc_out;
    }
    return last;
  };
  const int64_t shared_out = add_branch(l.shared_convs, l.shared_fcs, in, true, shared_convs_, shared_fcs_);
  int64_t cls_last = add_branch(l.cls_convs, l.cls_fcs, shared_out, false, cls_convs_, cls_fcs_);
  int64_t reg_last = add_branch(l.reg_convs, l.reg_fcs, shared_out, false, reg_convs_, reg_fcs_);
  if (l.shared_fcs == 0) {
    if (l.cls_fcs == 0) cls_last *= area;
    if (l.reg_fcs == 0) reg_last *= area;
  }
  register_module("shared_convs", shared_convs_);
  register_module("shared_fcs", shared_fcs_);
  register_module("cls_convs", cls_convs_);
  register_module("cls_fcs", cls_fcs_);
  register_module("reg_convs", reg_convs_);
  register_module("reg_fcs", reg_fcs_);
  fc_cls = register_module(
      "fc_cls", torch::nn::Linear(torch::nn::LinearOptions(cls_last, num_classes() + 1).bias(classifier().bias)));
  fc_reg = register_module("fc_reg", torch::nn::Linear(reg_last, reg_class_agnostic() ? 4 : 4 * num_classes()));

  // mmdetection v2's init: Normal(0, 0.01) / Normal(0, 0.001) for fc_cls / fc_reg, Xavier-uniform
  // fcs, Kaiming-normal (fan_out) convs, zero biases.
  torch::NoGradGuard no_grad;
  for (auto* list : {&shared_fcs_, &cls_fcs_, &reg_fcs_}) {
    for (auto& m : (*list)->children()) {
      auto fc = m->as<torch::nn::Linear>();
      torch::nn::init::xavier_uniform_(fc->weight);
      torch::nn::init::zeros_(fc->bias);
    }
  }
  for (auto* list : {&shared_convs_, &cls_convs_, &reg_convs_}) {
    for (auto& m : (*list)->children()) {
      auto conv = m->as<ConvModule>()->conv;
      torch::nn::init::kaiming_normal_(conv->weight, 0, torch::kFanOut, torch::kReLU);
      if (conv->bias.defined()) torch::nn::init::zeros_(conv->bias);
    }
  }
  torch::nn::init::normal_(fc_cls->weight, 0, 0.01);
  if (fc_cls->bias.defined()) torch::nn::init::zeros_(fc_cls->bias);
  torch::nn::init::normal_(fc_reg->weight, 0, 0.001);
  torch::nn::init::zeros_(fc_reg->bias);
}

torch::Tensor ConvFCBBoxHeadImpl::branch(torch::nn::ModuleList& convs, torch::nn::ModuleList& fcs, torch::Tensor x) {
  for (auto& m : convs->children()) x = m->as<ConvModule>()->forward(x);
  if (!fcs->is_empty() && x.dim() > 2) x = x.flatten(1);
  for (auto& m : fcs->children()) x = m->as<torch::nn::Linear>()->forward(x).relu_();
  return x;
}

std::pair<torch::Tensor, torch::Tensor> ConvFCBBoxHeadImpl::forward(const torch::Tensor& roi_features) {
  auto x = branch(shared_convs_, shared_fcs_, roi_features);
  auto x_cls = branch(cls_convs_, cls_fcs_, x);
  auto x_reg = branch(reg_convs_, reg_fcs_, x);
  return {classifier().apply(x_cls.flatten(1), fc_cls), fc_reg(x_reg.flatten(1))};
}

namespace {

std::shared_ptr<BBoxHead> make(const Options& o) { return std::make_shared<ConvFCBBoxHeadImpl>(o); }

const Registrar<BBoxHead> kConvFC("head", "ConvFCBBoxHead", ConvFCBBoxHeadImpl::schema(),
                                  "RoI box head of shared convs/fcs, then class and box branches with their own",
                                  make);
const Registrar<BBoxHead> kShared2FC("head", "Shared2FCBBoxHead", ConvFCBBoxHeadImpl::preset_schema(),
                                     "ConvFCBBoxHead with two shared fcs (the Faster R-CNN FPN box head)", make);
const Registrar<BBoxHead> kShared4Conv1FC("head", "Shared4Conv1FCBBoxHead", ConvFCBBoxHeadImpl::preset_schema(),
                                          "ConvFCBBoxHead with four shared convs and one shared fc", make);

}  // namespace

}  // namespace mmdet4j::models
