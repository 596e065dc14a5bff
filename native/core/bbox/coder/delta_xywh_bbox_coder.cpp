#include "core/bbox/coder/delta_xywh_bbox_coder.h"

#include <cmath>

#include "registry/registry.h"

namespace mmdet4j::core {

Schema DeltaXYWHBBoxCoder::schema() {
  return Schema()
      .optional("target_means", ParamType::kFloatList, {0.0, 0.0, 0.0, 0.0}, "means of the normalised deltas")
      .optional("target_stds", ParamType::kFloatList, {1.0, 1.0, 1.0, 1.0}, "standard deviations of the deltas")
      .optional("clip_border", ParamType::kBool, true, "clip decoded boxes to the image");
}

DeltaXYWHBBoxCoderOptions DeltaXYWHBBoxCoderOptions::from(const Options& o) {
  DeltaXYWHBBoxCoderOptions c;
  c.means = o.get_double_list("target_means");
  c.stds = o.get_double_list("target_stds");
  c.clip_border = o.get_bool("clip_border");
  TORCH_CHECK(c.means.size() == 4, o.path_of("target_means"), ": needs 4 values, got ", c.means.size());
  TORCH_CHECK(c.stds.size() == 4, o.path_of("target_stds"), ": needs 4 values, got ", c.stds.size());
  return c;
}

DeltaXYWHBBoxCoder::DeltaXYWHBBoxCoder(const DeltaXYWHBBoxCoderOptions& o) : options_(o) {
  TORCH_CHECK(o.means.size() == 4 && o.stds.size() == 4, "DeltaXYWHBBoxCoder: target_means and target_stds need 4 values");
}

at::Tensor DeltaXYWHBBoxCoder::encode(const at::Tensor& boxes, const at::Tensor& gt) const {
  TORCH_CHECK(boxes.sizes() == gt.sizes() && boxes.dim() == 2 && boxes.size(1) == 4,
              "DeltaXYWHBBoxCoder.encode: boxes and targets must both be (N, 4)");
  auto p = boxes.to(at::kFloat), g = gt.to(at::kFloat);
  auto px = (p.select(1, 0) + p.select(1, 2)) * 0.5, py = (p.select(1, 1) + p.select(1, 3)) * 0.5;
  auto pw = p.select(1, 2) - p.select(1, 0), ph = p.select(1, 3) - p.select(1, 1);
  auto gx = (g.select(1, 0) + g.select(1, 2)) * 0.5, gy = (g.select(1, 1) + g.select(1, 3)) * 0.5;
  auto gw = g.select(1, 2) - g.select(1, 0), gh = g.select(1, 3) - g.select(1, 1);
  auto deltas = at::stack({(gx - px) / pw, (gy - py) / ph, (gw / pw).log(), (gh / ph).log()}, 1);
  auto means = at::tensor(options_.means, deltas.options()), stds = at::tensor(options_.stds, deltas.options());
  return (deltas - means) / stds;
}

at::Tensor DeltaXYWHBBoxCoder::decode(const at::Tensor& boxes, const at::Tensor& deltas, int64_t max_h,
                                  int64_t max_w) const {
  TORCH_CHECK(boxes.size(0) == deltas.size(0) && deltas.dim() == 2 && deltas.size(1) == 4,
              "DeltaXYWHBBoxCoder.decode: boxes (N, 4) and deltas (N, 4) expected");
  auto means = at::tensor(options_.means, deltas.options()), stds = at::tensor(options_.stds, deltas.options());
  auto d = deltas * stds + means;
  const double max_ratio = std::abs(std::log(options_.wh_ratio_clip));
  auto dw = d.select(1, 2).clamp(-max_ratio, max_ratio), dh = d.select(1, 3).clamp(-max_ratio, max_ratio);
  auto p = boxes.to(deltas.scalar_type());
  auto px = (p.select(1, 0) + p.select(1, 2)) * 0.5, py = (p.select(1, 1) + p.select(1, 3)) * 0.5;
  auto pw = p.select(1, 2) - p.select(1, 0), ph = p.select(1, 3) - p.select(1, 1);
  auto gw = pw * dw.exp(), gh = ph * dh.exp();
  auto gx = px + pw * d.select(1, 0), gy = py + ph * d.select(1, 1);
  auto x1 = gx - gw * 0.5, y1 = gy - gh * 0.5, x2 = gx + gw * 0.5, y2 = gy + gh * 0.5;
  if (options_.clip_border && max_h > 0 && max_w > 0) {
    x1 = x1.clamp(0, max_w);
    x2 = x2.clamp(0, max_w);
    y1 = y1.clamp(0, max_h);
    y2 = y2.clamp(0, max_h);
  }
  return at::stack({x1, y1, x2, y2}, 1);
}

std::shared_ptr<BBoxCoder> build_bbox_coder(const Options& options) {
  return build<BBoxCoder>("bbox_coder", options, "");
}

namespace {

const Registrar<BBoxCoder> kDeltaXYWHBBoxCoder(
    "bbox_coder", "DeltaXYWHBBoxCoder", DeltaXYWHBBoxCoder::schema(),
    "R-CNN deltas (dx, dy, log dw, log dh), normalised by target_means and target_stds",
    [](const Options& o) { return std::make_shared<DeltaXYWHBBoxCoder>(DeltaXYWHBBoxCoderOptions::from(o)); });

}  // namespace

}  // namespace mmdet4j::core
