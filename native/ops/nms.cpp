#include "ops/nms.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include "ops/common/checks.h"

namespace mmdet4j::ops {

at::Tensor nms(const at::Tensor& boxes, const at::Tensor& scores, double iou_threshold) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::nms", "")
                       .typed<decltype(nms)>();
  return op.call(boxes, scores, iou_threshold);
}

at::Tensor batched_nms(const at::Tensor& boxes, const at::Tensor& scores, const at::Tensor& idxs,
                       double iou_threshold) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::batched_nms", "")
                       .typed<decltype(batched_nms)>();
  return op.call(boxes, scores, idxs, iou_threshold);
}

std::tuple<at::Tensor, at::Tensor> soft_nms(const at::Tensor& boxes, const at::Tensor& scores,
                                            double iou_threshold, double sigma, double min_score,
                                            std::string_view method) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("mmdet4j::soft_nms", "")
                       .typed<std::tuple<at::Tensor, at::Tensor>(
                           const at::Tensor&, const at::Tensor&, double, double, double,
                           c10::string_view)>();
  return op.call(boxes, scores, iou_threshold, sigma, min_score,
                 c10::string_view(method.data(), method.size()));
}

namespace detail {

SoftNmsMethod parse_soft_nms_method(std::string_view method) {
  if (method == "linear") return SoftNmsMethod::kLinear;
  if (method == "gaussian") return SoftNmsMethod::kGaussian;
  if (method == "naive") return SoftNmsMethod::kNaive;
  TORCH_CHECK(false, "soft_nms: method must be 'linear', 'gaussian' or 'naive', got '",
              std::string(method), "'");
}

void check_nms_args(const at::Tensor& boxes, const at::Tensor& scores, double iou_threshold,
                    const char* op) {
  check_boxes(boxes, op, "boxes");
  check_scores(scores, boxes.size(0), op, "scores");
  check_same_device(boxes, scores, op);
  check_threshold(iou_threshold, op, "iou_threshold");
}

void check_batched_nms_args(const at::Tensor& boxes, const at::Tensor& scores,
                            const at::Tensor& idxs, double iou_threshold) {
  check_nms_args(boxes, scores, iou_threshold, "batched_nms");
  TORCH_CHECK(idxs.dim() == 1 && idxs.size(0) == boxes.size(0),
              "batched_nms: idxs must have shape (", boxes.size(0), ",), got ", idxs.sizes());
  TORCH_CHECK(idxs.scalar_type() == at::kLong, "batched_nms: idxs must be int64, got ",
              idxs.scalar_type());
  check_same_device(boxes, idxs, "batched_nms");
}

SoftNmsMethod check_soft_nms_args(const at::Tensor& boxes, const at::Tensor& scores,
                                  double iou_threshold, double sigma, double min_score,
                                  std::string_view method) {
  check_nms_args(boxes, scores, iou_threshold, "soft_nms");
  TORCH_CHECK(std::isfinite(sigma) && sigma > 0, "soft_nms: sigma must be positive, got ", sigma);
  TORCH_CHECK(std::isfinite(min_score), "soft_nms: min_score must be finite");
  TORCH_CHECK(scores.scalar_type() == boxes.scalar_type(),
              "soft_nms: boxes and scores must have the same dtype, got ", boxes.scalar_type(),
              " and ", scores.scalar_type());
  return parse_soft_nms_method(method);
}

}  // namespace detail

TORCH_LIBRARY_FRAGMENT(mmdet4j, m) {
  m.def("nms(Tensor boxes, Tensor scores, float iou_threshold) -> Tensor");
  m.def("batched_nms(Tensor boxes, Tensor scores, Tensor idxs, float iou_threshold) -> Tensor");
  m.def(
      "soft_nms(Tensor boxes, Tensor scores, float iou_threshold=0.3, float sigma=0.5, "
      "float min_score=1e-3, str method='linear') -> (Tensor dets, Tensor keep)");
}

}  // namespace mmdet4j::ops
