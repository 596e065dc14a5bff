#pragma once
// Non-maximum suppression, registered as mmdet4j::nms, mmdet4j::batched_nms, mmdet4j::soft_nms.
//
// Semantics (same as torchvision.ops.nms / mmcv.ops.nms with offset 0): boxes are visited in
// descending score order, ties broken by the lower index; a box is suppressed when its IoU with
// an already kept box is strictly greater than iou_threshold. Areas are (x2 - x1) * (y2 - y1).

#include <ATen/ATen.h>

#include <string_view>
#include <tuple>

namespace mmdet4j::ops {

// Returns the int64 indices of the kept boxes, in descending score order.
at::Tensor nms(const at::Tensor& boxes, const at::Tensor& scores, double iou_threshold);

// NMS applied independently within each value of `idxs` (class labels, int64, shape (N,)).
// Returns kept indices in descending score order across all classes.
at::Tensor batched_nms(const at::Tensor& boxes, const at::Tensor& scores, const at::Tensor& idxs,
                       double iou_threshold);

// Soft-NMS (Bodla et al. 2017) as in mmcv: method "linear" (score *= 1 - IoU when IoU >
// iou_threshold), "gaussian" (score *= exp(-IoU^2 / sigma)) or "naive" (hard suppression);
// boxes whose score falls below min_score are dropped. Picks the highest remaining score each
// round, ties broken by the lower index. Returns (dets (K, 5) = boxes and decayed scores in
// selection order, keep (K,) int64 indices).
std::tuple<at::Tensor, at::Tensor> soft_nms(const at::Tensor& boxes, const at::Tensor& scores,
                                            double iou_threshold, double sigma, double min_score,
                                            std::string_view method);

namespace detail {

enum class SoftNmsMethod : int64_t { kNaive = 0, kLinear = 1, kGaussian = 2 };
SoftNmsMethod parse_soft_nms_method(std::string_view method);

// Shared argument checks of the three ops (CPU and CUDA launchers alike).
void check_nms_args(const at::Tensor& boxes, const at::Tensor& scores, double iou_threshold,
                    const char* op);
void check_batched_nms_args(const at::Tensor& boxes, const at::Tensor& scores,
                            const at::Tensor& idxs, double iou_threshold);
// Returns the parsed method.
SoftNmsMethod check_soft_nms_args(const at::Tensor& boxes, const at::Tensor& scores,
                                  double iou_threshold, double sigma, double min_score,
                                  std::string_view method);

}  // namespace detail
}  // namespace mmdet4j::ops
