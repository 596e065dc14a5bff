#include "core/bbox/coder/distance_point_bbox_coder.h"

#include "registry/registry.h"

namespace mmdet4j::core {

namespace {

void check_shapes(const char* what, const at::Tensor& points, const at::Tensor& other) {
  TORCH_CHECK(points.dim() == 2 && points.size(1) == 2 && other.dim() == 2 && other.size(1) == 4 &&
                  points.size(0) == other.size(0),
              "DistancePointBBoxCoder.", what, ": points (N, 2) and (N, 4) expected, got ", points.sizes(), " and ",
              other.sizes());
}

}  // namespace

Schema DistancePointBBoxCoder::schema() {
  return Schema().optional("clip_border", ParamType::kBool, true, "clip decoded boxes to the image");
}

at::Tensor DistancePointBBoxCoder::encode(const at::Tensor& points, const at::Tensor& gt) const {
  check_shapes("encode", points, gt);
  auto x = points.select(1, 0), y = points.select(1, 1);
  return at::stack({x - gt.select(1, 0), y - gt.select(1, 1), gt.select(1, 2) - x, gt.select(1, 3) - y}, 1);
}

at::Tensor DistancePointBBoxCoder::decode(const at::Tensor& points, const at::Tensor& distances, int64_t max_h,
                                          int64_t max_w) const {
  check_shapes("decode", points, distances);
  auto x = points.select(1, 0), y = points.select(1, 1);
  auto x1 = x - distances.select(1, 0), y1 = y - distances.select(1, 1);
  auto x2 = x + distances.select(1, 2), y2 = y + distances.select(1, 3);
  if (clip_border_ && max_h > 0 && max_w > 0) {
    x1 = x1.clamp(0, max_w);
    x2 = x2.clamp(0, max_w);
    y1 = y1.clamp(0, max_h);
    y2 = y2.clamp(0, max_h);
  }
  return at::stack({x1, y1, x2, y2}, 1);
}

namespace {

const Registrar<BBoxCoder> kDistancePointBBoxCoder(
    "bbox_coder", "DistancePointBBoxCoder", DistancePointBBoxCoder::schema(),
    "anchor-free boxes as distances (left, top, right, bottom) from a point",
    [](const Options& o) { return std::make_shared<DistancePointBBoxCoder>(o.get_bool("clip_border")); });

}  // namespace

}  // namespace mmdet4j::core
