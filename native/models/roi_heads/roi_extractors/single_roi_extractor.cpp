#include "models/roi_heads/roi_extractors/single_roi_extractor.h"

#include "ops/roi_align.h"
#include "ops/roi_pool.h"

namespace mmdet4j::models {

torch::Tensor bbox2roi(const std::vector<torch::Tensor>& boxes) {
  std::vector<torch::Tensor> rois;
  for (size_t i = 0; i < boxes.size(); ++i) {
    const auto& b = boxes[i];
    auto index = torch::full({b.size(0), 1}, static_cast<double>(i), b.options());
    rois.push_back(torch::cat({index, b.narrow(1, 0, 4)}, 1));
  }
  return torch::cat(rois);
}

SingleRoIExtractor::SingleRoIExtractor(const Options& o)
    : layer_(o.get_string("roi_layer.type", "RoIAlign")),
      output_size_(o.get_int("roi_layer.output_size", 7)),
      sampling_ratio_(o.get_int("roi_layer.sampling_ratio", 0)),
      aligned_(o.get_bool("roi_layer.aligned", true)),
      out_channels_(o.get_int("out_channels", 256)),
      strides_(o.get_int_list("featmap_strides", {4, 8, 16, 32})),
      finest_scale_(o.get_double("finest_scale", 56)) {
  TORCH_CHECK(layer_ == "RoIAlign" || layer_ == "RoIPool", "SingleRoIExtractor: roi_layer.type must be RoIAlign or "
              "RoIPool, got '", layer_, "'");
  TORCH_CHECK(o.get_string("type", "SingleRoIExtractor") == "SingleRoIExtractor", o.path_of("type"),
              ": only SingleRoIExtractor is supported natively");
  TORCH_CHECK(o.get_string("roi_layer.pool_mode", "avg") == "avg", "SingleRoIExtractor: only pool_mode='avg'");
  TORCH_CHECK(output_size_ > 0 && !strides_.empty() && finest_scale_ > 0,
              "SingleRoIExtractor: output_size, featmap_strides and finest_scale must be positive");
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

}  // namespace mmdet4j::models
