#include "core/bbox/delta_xywh_coder.h"

#include <cmath>

namespace mmdet4j::core {

DeltaXYWHCoderOptions DeltaXYWHCoderOptions::from(const Options& o) {
  const auto type = o.get_string("type", "DeltaXYWHBBoxCoder");
  TORCH_CHECK(type == "DeltaXYWHBBoxCoder", o.path_of("type"), ": only DeltaXYWHBBoxCoder is supported natively, got '",
              type, "'");
  DeltaXYWHCoderOptions c;
  c.means = o.get_double_list("target_means", c.means);
  c.stds = o.get_double_list("target_stds", c.stds);
  c.clip_border = o.get_bool("clip_border", c.clip_border);
  return c;
}

DeltaXYWHCoder::DeltaXYWHCoder(const DeltaXYWHCoderOptions& o) : options_(o) {
  TORCH_CHECK(o.means.size() == 4 && o.stds.size() == 4, "DeltaXYWHBBoxCoder: target_means and target_stds need 4 values");
}

at::Tensor DeltaXYWHCoder::encode(const at::Tensor& boxes, const at::Tensor& gt) const {
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

at::Tensor DeltaXYWHCoder::decode(const at::Tensor& boxes, const at::Tensor& deltas, int64_t max_h,
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

}  // namespace mmdet4j::core
