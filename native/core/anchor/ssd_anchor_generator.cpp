#include "core/anchor/ssd_anchor_generator.h"

#include <cmath>
#include <string>

#include "registry/registry.h"

namespace mmdet4j::core {

namespace {

Schema ssd_schema(bool legacy) {
  Schema s;
  s.required("strides", ParamType::kIntList, "stride of each feature level, in pixels")
      .required("ratios", ParamType::kAny, "per level, a list of ratios r: each adds an r and a 1/r anchor")
      .optional("basesize_ratio_range", ParamType::kFloatList, {0.15, 0.9},
                "smallest and largest anchor size as fractions of input_size (levels 2..n)")
      .optional("input_size", ParamType::kInt, 300, "300 or 512 (when min_sizes/max_sizes are not given)")
      .optional("scale_major", ParamType::kBool, true, "anchor order before the cut; SSD configs give False");
  if (!legacy) {
    s.optional("min_sizes", ParamType::kIntList, nullptr, "per level, the small square anchor's side")
        .optional("max_sizes", ParamType::kIntList, nullptr, "per level, sqrt(min * max) is the large square's side");
  }
  return s;
}

// The ratios key: one list of numbers per level.
std::vector<std::vector<double>> level_ratios(const Options& o, size_t num_levels) {
  const Json ratios = o.get_json("ratios");
  TORCH_CHECK(ratios.is_array(), o.path_of("ratios"), ": expected one list of ratios per level, got ", ratios.dump());
  TORCH_CHECK(ratios.size() == num_levels, o.path_of("ratios"), ": ", ratios.size(), " levels of ratios but ",
              num_levels, " strides");
  std::vector<std::vector<double>> out;
  for (size_t l = 0; l < ratios.size(); ++l) {
    TORCH_CHECK(ratios[l].is_array(), o.path_of("ratios"), "[", l, "]: expected a list of numbers, got ",
                ratios[l].dump());
    std::vector<double> level;
    for (const auto& r : ratios[l]) {
      TORCH_CHECK(r.is_number() && r.get<double>() > 0, o.path_of("ratios"), "[", l,
                  "]: ratios must be positive numbers, got ", r.dump());
      level.push_back(r.get<double>());
    }
    out.push_back(level);
  }
  return out;
}

// One level's base anchors as mmdetection computes them (float32, like its torch.Tensor lists):
// scales (1, sqrt(max / min)) x ratios (1, 1/r, r, ...), then the index cut that keeps the two
// squares and the ratio anchors of the first scale.
at::Tensor level_base_anchors(int64_t min_size, int64_t max_size, const std::vector<double>& level_ratios,
                              double center, bool scale_major, bool legacy) {
  std::vector<float> ratios{1.0f};
  for (double r : level_ratios) {
    ratios.push_back(static_cast<float>(1.0 / r));
    ratios.push_back(static_cast<float>(r));
  }
  const std::vector<float> scales{1.0f, static_cast<float>(std::sqrt(static_cast<double>(max_size) / min_size))};
  auto ratio_t = at::tensor(ratios, at::kFloat), scale_t = at::tensor(scales, at::kFloat);
  auto h_ratios = ratio_t.sqrt();
  auto w_ratios = 1 / h_ratios;
  const double base = static_cast<double>(min_size);
  at::Tensor ws, hs;
  if (scale_major) {
    ws = (base * w_ratios.unsqueeze(1) * scale_t.unsqueeze(0)).reshape(-1);
    hs = (base * h_ratios.unsqueeze(1) * scale_t.unsqueeze(0)).reshape(-1);
  } else {
    ws = (base * scale_t.unsqueeze(1) * w_ratios.unsqueeze(0)).reshape(-1);
    hs = (base * scale_t.unsqueeze(1) * h_ratios.unsqueeze(0)).reshape(-1);
  }
  at::Tensor anchors;
  if (legacy) {
    anchors = at::stack({center - 0.5 * (ws - 1), center - 0.5 * (hs - 1), center + 0.5 * (ws - 1),
                         center + 0.5 * (hs - 1)}, 1).round();
  } else {
    anchors = at::stack({center - 0.5 * ws, center - 0.5 * hs, center + 0.5 * ws, center + 0.5 * hs}, 1);
  }
  // (0, n, 1, ..., n - 1): the first anchor, the second scale's first, then the first scale's ratios.
  const int64_t n = static_cast<int64_t>(ratios.size());
  std::vector<int64_t> keep{0, n};
  for (int64_t i = 1; i < n; ++i) keep.push_back(i);
  return anchors.index_select(0, at::tensor(keep, at::kLong));
}

}  // namespace

std::pair<std::vector<int64_t>, std::vector<int64_t>> ssd_anchor_sizes(int64_t input_size,
                                                                      std::pair<double, double> ratio_range,
                                                                      int64_t num_levels) {
  TORCH_CHECK(num_levels > 2, "SSDAnchorGenerator: sizes from basesize_ratio_range need at least 3 levels, got ",
              num_levels);
  // Percentages truncated as mmdetection's int(ratio * 100).
  const int64_t min_ratio = static_cast<int64_t>(ratio_range.first * 100);
  const int64_t max_ratio = static_cast<int64_t>(ratio_range.second * 100);
  const int64_t step = static_cast<int64_t>(static_cast<double>(max_ratio - min_ratio) / (num_levels - 2));
  TORCH_CHECK(step > 0, "SSDAnchorGenerator: basesize_ratio_range (", ratio_range.first, ", ", ratio_range.second,
              ") is too narrow for ", num_levels, " levels");
  std::vector<int64_t> min_sizes, max_sizes;
  for (int64_t ratio = min_ratio; ratio <= max_ratio; ratio += step) {
    min_sizes.push_back(static_cast<int64_t>(input_size * ratio / 100.0));
    max_sizes.push_back(static_cast<int64_t>(input_size * (ratio + step) / 100.0));
  }
  // The first level's sizes are fixed per setting (SSD300/512 on COCO or VOC), as in mmdetection.
  double first_min = 0, first_max = 0;
  if (input_size == 300 && ratio_range.first == 0.15) {
    first_min = 7, first_max = 15;  // SSD300 COCO
  } else if (input_size == 300 && ratio_range.first == 0.2) {
    first_min = 10, first_max = 20;  // SSD300 VOC
  } else if (input_size == 512 && ratio_range.first == 0.1) {
    first_min = 4, first_max = 10;  // SSD512 COCO
  } else if (input_size == 512 && ratio_range.first == 0.15) {
    first_min = 7, first_max = 15;  // SSD512 VOC
  } else if (input_size == 300 || input_size == 512) {
    TORCH_CHECK(false, "SSDAnchorGenerator: basesize_ratio_range[0] must be ",
                input_size == 300 ? "0.15 or 0.2" : "0.1 or 0.15", " when input_size is ", input_size, ", got ",
                ratio_range.first);
  } else {
    TORCH_CHECK(false, "SSDAnchorGenerator: without min_sizes and max_sizes, input_size must be 300 or 512, got ",
                input_size);
  }
  min_sizes.insert(min_sizes.begin(), static_cast<int64_t>(input_size * first_min / 100.0));
  max_sizes.insert(max_sizes.begin(), static_cast<int64_t>(input_size * first_max / 100.0));
  return {min_sizes, max_sizes};
}

Schema SSDAnchorGenerator::schema() { return ssd_schema(false); }

SSDAnchorOptions SSDAnchorOptions::from(const Options& o, bool legacy) {
  SSDAnchorOptions a;
  a.strides = o.get_int_list("strides");
  a.ratios = level_ratios(o, a.strides.size());
  const auto range = o.get_double_list("basesize_ratio_range");
  TORCH_CHECK(range.size() == 2 && range[0] > 0 && range[0] < range[1], o.path_of("basesize_ratio_range"),
              ": expected (min, max) with 0 < min < max");
  a.basesize_ratio_range = {range[0], range[1]};
  a.input_size = o.get_int("input_size");
  a.scale_major = o.get_bool("scale_major");
  a.legacy = legacy;
  if (!legacy) {
    TORCH_CHECK(o.is_null("min_sizes") == o.is_null("max_sizes"), o.path(),
                ": give both min_sizes and max_sizes, or neither");
    if (!o.is_null("min_sizes")) {
      a.min_sizes = o.get_int_list("min_sizes");
      a.max_sizes = o.get_int_list("max_sizes");
      TORCH_CHECK(a.min_sizes.size() == a.strides.size() && a.max_sizes.size() == a.strides.size(), o.path(),
                  ": min_sizes and max_sizes need one entry per stride (", a.strides.size(), ")");
    }
  }
  return a;
}

SSDAnchorGenerator::SSDAnchorGenerator(const SSDAnchorOptions& o)
    : SSDAnchorGenerator(o, o.min_sizes.empty()
                                ? ssd_anchor_sizes(o.input_size, o.basesize_ratio_range,
                                                   static_cast<int64_t>(o.strides.size()))
                                : std::make_pair(o.min_sizes, o.max_sizes)) {}

namespace {

std::vector<at::Tensor> all_levels(const SSDAnchorOptions& o, const std::vector<int64_t>& min_sizes,
                                   const std::vector<int64_t>& max_sizes) {
  TORCH_CHECK(o.ratios.size() == o.strides.size(), "SSDAnchorGenerator: ", o.ratios.size(),
              " levels of ratios but ", o.strides.size(), " strides");
  TORCH_CHECK(min_sizes.size() == o.strides.size() && max_sizes.size() == o.strides.size(),
              "SSDAnchorGenerator: ", min_sizes.size(), " anchor sizes for ", o.strides.size(),
              " strides (basesize_ratio_range gives one per level after the first)");
  std::vector<at::Tensor> levels;
  for (size_t l = 0; l < o.strides.size(); ++l) {
    TORCH_CHECK(min_sizes[l] > 0 && max_sizes[l] > 0, "SSDAnchorGenerator: anchor sizes must be positive");
    const double stride = static_cast<double>(o.strides[l]);
    const double center = o.legacy ? (stride - 1) / 2 : stride / 2;
    levels.push_back(level_base_anchors(min_sizes[l], max_sizes[l], o.ratios[l], center, o.scale_major, o.legacy));
  }
  return levels;
}

}  // namespace

SSDAnchorGenerator::SSDAnchorGenerator(const SSDAnchorOptions& o,
                                       std::pair<std::vector<int64_t>, std::vector<int64_t>> sizes)
    : AnchorGenerator(o.strides, all_levels(o, sizes.first, sizes.second)),
      min_sizes_(std::move(sizes.first)),
      max_sizes_(std::move(sizes.second)) {}

namespace {

const Registrar<AnchorGenerator> kSSDAnchorGenerator(
    "anchor_generator", "SSDAnchorGenerator", ssd_schema(false),
    "SSD's caffe-style anchors: two squares (min, sqrt(min * max)) and ratio pairs per level, centred at stride / 2",
    [](const Options& o) { return std::make_shared<SSDAnchorGenerator>(SSDAnchorOptions::from(o, false)); });
const Registrar<AnchorGenerator> kLegacySSDAnchorGenerator(
    "anchor_generator", "LegacySSDAnchorGenerator", ssd_schema(true),
    "mmdetection v1's SSD anchors: centres at (stride - 1) / 2, (w - 1) / 2 half-sizes, rounded",
    [](const Options& o) { return std::make_shared<SSDAnchorGenerator>(SSDAnchorOptions::from(o, true)); });

}  // namespace

}  // namespace mmdet4j::core
