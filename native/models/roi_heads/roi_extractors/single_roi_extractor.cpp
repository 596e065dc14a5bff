#include "models/roi_heads/roi_extractors/single_roi_extractor.h"

#include <algorithm>

#include "ops/roi_align.h"
#include "ops/roi_pool.h"
#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

// The roi_layer dict's keys per type (mmcv's ops; not registered components of their own).
const Schema& roi_align_schema() {
  static const Schema s = Schema()
      .required("output_size", ParamType::kAny, "pooled size: an int or a pair of equal ints")
      .optional("sampling_ratio", ParamType::kInt, 0, "samples per bin side (0: adaptive)")
      .choice("pool_mode", "avg", {"avg", "max"}, "only avg natively")
      .optional("aligned", ParamType::kBool, true, "pixel-centre alignment (half-pixel shift)");
  return s;
}

const Schema& roi_pool_schema() {
  static const Schema s =
      Schema().required("output_size", ParamType::kAny, "pooled size: an int or a pair of equal ints");
  return s;
}

// An int, or a pair of equal ints (mmcv takes (h, w); the native layers pool square grids).
int64_t square_size(const Options& layer) {
  const auto size = layer.get_int_list("output_size");
  TORCH_CHECK((size.size() == 1 || (size.size() == 2 && size[0] == size[1])) && size[0] > 0,
              layer.path_of("output_size"), ": expected a positive int or a pair of equal positive ints");
  return size[0];
}

}  // namespace

Schema SingleRoIExtractor::schema() {
  return Schema()
      .required("roi_layer", ParamType::kDict, "{type: RoIAlign | RoIPool, output_size, ...}")
      .required("out_channels", ParamType::kInt, "channels of the feature maps (and of the pooled features)")
      .required("featmap_strides", ParamType::kIntList, "stride of each feature map the RoIs are pooled from")
      .optional("finest_scale", ParamType::kInt, 56, "RoI scale that maps to the first level's upper bound / 2")
      .optional("init_cfg", ParamType::kDict, nullptr, "only None (nothing to initialise)");
}

SingleRoIExtractor::SingleRoIExtractor(const Options& given) {
  static const Schema own_schema = schema();
  const auto o = given.checked_by(own_schema, "SingleRoIExtractor in registry 'roi_extractor'");
  const auto layer_given = o.section("roi_layer");
  layer_ = layer_given.get_string("type", "");
  TORCH_CHECK(layer_ == "RoIAlign" || layer_ == "RoIPool", layer_given.path_of("type"),
              ": expected RoIAlign or RoIPool, got '", layer_, "'");
  const auto layer = layer_given.with_schema(layer_ == "RoIAlign" ? roi_align_schema() : roi_pool_schema(), layer_);
  output_size_ = square_size(layer);
  if (layer_ == "RoIAlign") {
    sampling_ratio_ = layer.get_int("sampling_ratio");
    aligned_ = layer.get_bool("aligned");
    TORCH_CHECK(sampling_ratio_ >= 0, layer.path_of("sampling_ratio"), ": must be >= 0 (0: adaptive), got ",
                sampling_ratio_);
    TORCH_CHECK(layer.get_string("pool_mode") == "avg", layer.path_of("pool_mode"), ": only 'avg' is supported natively");
  }
  out_channels_ = o.get_int("out_channels");
  strides_ = o.get_int_list("featmap_strides");
  finest_scale_ = static_cast<double>(o.get_int("finest_scale"));
  o.require_none("init_cfg", "only None is supported natively");
  TORCH_CHECK(out_channels_ > 0, o.path_of("out_channels"), ": must be positive, got ", out_channels_);
  TORCH_CHECK(!strides_.empty() && std::all_of(strides_.begin(), strides_.end(), [](int64_t s) { return s > 0; }),
              o.path_of("featmap_strides"), ": needs positive strides");
  TORCH_CHECK(finest_scale_ > 0, o.path_of("finest_scale"), ": must be positive, got ", finest_scale_);
}

torch::Tensor SingleRoIExtractor::map_roi_levels(const torch::Tensor& rois, int64_t num_levels) const {
  auto scale = torch::sqrt((rois.select(1, 3) - rois.select(1, 1)) * (rois.select(1, 4) - rois.select(1, 2)));
  auto levels = torch::floor(torch::log2(scale / finest_scale_ + 1e-6));
  return levels.clamp(0, num_levels - 1).to(torch::kLong);
}

torch::Tensor SingleRoIExtractor::pool(const torch::Tensor& feature, const torch::Tensor& rois,
                                       double spatial_scale) const {
  if (layer_ == "RoIPool") {
    return std::get<0>(ops::roi_pool(feature, rois, spatial_scale, output_size_, output_size_));
  }
  return ops::roi_align(feature, rois, spatial_scale, output_size_, output_size_, sampling_ratio_, aligned_);
}

torch::Tensor SingleRoIExtractor::operator()(const std::vector<torch::Tensor>& features,
                                             const torch::Tensor& rois) const {
  TORCH_CHECK(static_cast<int64_t>(features.size()) >= num_inputs(), "SingleRoIExtractor: ", num_inputs(),
              " featmap_strides but only ", features.size(), " feature maps");
  TORCH_CHECK(rois.dim() == 2 && rois.size(1) == 5, "SingleRoIExtractor: rois must be (R, 5), got ", rois.sizes());
  const int64_t levels = num_inputs();
  auto out = torch::zeros({rois.size(0), out_channels_, output_size_, output_size_}, features[0].options()
                              .memory_format(at::MemoryFormat::Contiguous));
  if (levels == 1) return pool(features[0], rois, 1.0 / strides_[0]);
  auto target = map_roi_levels(rois, levels);
  for (int64_t l = 0; l < levels; ++l) {
    auto inds = torch::nonzero(target == l).squeeze(1);
    // An empty level is skipped: mmdetection adds feats[i].sum() * 0 only so that distributed
    // training sees every parameter used; here that would read the whole map for nothing.
    if (inds.numel() == 0) continue;
    out = out.index_put(
        {inds}, pool(features[l], rois.index_select(0, inds), 1.0 / strides_[l]));
  }
  return out;
}

namespace {

const Registrar<RoIExtractor> kSingleRoIExtractor(
    "roi_extractor", "SingleRoIExtractor", SingleRoIExtractor::schema(),
    "each RoI pooled from the one feature level its scale maps to",
    [](const Options& o) { return std::make_shared<SingleRoIExtractor>(o); });

}  // namespace

}  // namespace mmdet4j::models
