#include "ops/common/checks.h"

#include <cmath>

namespace mmdet4j::ops::detail {
namespace {

// Index of the first row of `boxes` (columns offset..offset+3 as x1,y1,x2,y2) that is not finite
// or has x2 < x1 / y2 < y1, or -1. On the CPU this is one pass; elsewhere tensor reductions.
int64_t first_bad_box(const at::Tensor& boxes, int64_t offset, bool* not_finite) {
  if (boxes.device().is_cpu()) {
    // One sequential pass: cheaper than a chain of parallel reductions for the sizes ops see.
    int64_t bad = -1;
    AT_DISPATCH_FLOATING_TYPES_AND2(at::kHalf, at::kBFloat16, boxes.scalar_type(), "first_bad_box", [&] {
      auto acc = boxes.accessor<scalar_t, 2>();
      for (int64_t i = 0; i < acc.size(0) && bad < 0; ++i) {
        const double x1 = acc[i][offset], y1 = acc[i][offset + 1], x2 = acc[i][offset + 2], y2 = acc[i][offset + 3];
        const bool finite = std::isfinite(x1) && std::isfinite(y1) && std::isfinite(x2) && std::isfinite(y2);
        if (!finite || x2 < x1 || y2 < y1) {
          bad = i;
          *not_finite = !finite;
        }
      }
    });
    return bad;
  }
  auto b = boxes.narrow(1, offset, 4);
  auto finite = at::isfinite(b).all(1);
  auto ordered = (b.select(1, 2) >= b.select(1, 0)).logical_and(b.select(1, 3) >= b.select(1, 1));
  auto bad = finite.logical_and(ordered).logical_not();
  if (!bad.any().item<bool>()) {
    return -1;
  }
  int64_t row = bad.nonzero().select(1, 0)[0].item<int64_t>();
  *not_finite = !finite[row].item<bool>();
  return row;
}

}  // namespace

void check_boxes(const at::Tensor& boxes, const char* op, const char* name) {
  TORCH_CHECK(boxes.dim() == 2 && boxes.size(1) == 4, op, ": ", name,
              " must have shape (N, 4), got ", boxes.sizes());
  TORCH_CHECK(boxes.is_floating_point(), op, ": ", name,
              " must be a floating-point tensor, got ", boxes.scalar_type());
  if (boxes.numel() == 0) {
    return;
  }
  bool not_finite = false;
  int64_t row = first_bad_box(boxes, 0, &not_finite);
  TORCH_CHECK(row < 0, op, ": ", name, "[", row, "] ",
              not_finite ? "has a NaN or infinite coordinate"
                         : "has x2 < x1 or y2 < y1 (boxes are x1, y1, x2, y2)");
}

void check_rois(const at::Tensor& rois, int64_t batch_size, const char* op) {
  TORCH_CHECK(rois.dim() == 2 && rois.size(1) == 5, op,
              ": rois must have shape (K, 5) as (batch_index, x1, y1, x2, y2), got ", rois.sizes());
  TORCH_CHECK(rois.is_floating_point(), op, ": rois must be floating point, got ",
              rois.scalar_type());
  if (rois.numel() == 0) {
    return;
  }
  auto index = rois.select(1, 0);
  // A batch index outside [0, N) would read out of bounds: reject it here.
  auto bad_index = (index < 0).logical_or(index > batch_size - 1)
                       .logical_or(index != index.floor())
                       .logical_or(at::isfinite(index).logical_not());
  if (bad_index.any().item<bool>()) {
    int64_t row = bad_index.nonzero().select(1, 0)[0].item<int64_t>();
    TORCH_CHECK(false, op, ": rois[", row, "] has batch index ", index[row].item<double>(),
                ", expected an integer in [0, ", batch_size, ")");
  }
  bool not_finite = false;
  int64_t row = first_bad_box(rois, 1, &not_finite);
  TORCH_CHECK(row < 0, op, ": rois[", row, "] ",
              not_finite ? "has a NaN or infinite coordinate"
                         : "has x2 < x1 or y2 < y1 (rois are batch_index, x1, y1, x2, y2)");
}

void check_scores(const at::Tensor& scores, int64_t length, const char* op, const char* name) {
  TORCH_CHECK(scores.dim() == 1, op, ": ", name, " must be 1-D, got shape ", scores.sizes());
  TORCH_CHECK(scores.size(0) == length, op, ": ", name, " has ", scores.size(0),
              " elements but there are ", length, " boxes");
  TORCH_CHECK(scores.is_floating_point(), op, ": ", name,
              " must be a floating-point tensor, got ", scores.scalar_type());
  if (length == 0) return;
  bool finite = true;
  if (scores.device().is_cpu()) {
    AT_DISPATCH_FLOATING_TYPES_AND2(at::kHalf, at::kBFloat16, scores.scalar_type(), "check_scores", [&] {
      auto acc = scores.accessor<scalar_t, 1>();
      for (int64_t i = 0; i < acc.size(0) && finite; ++i) finite = std::isfinite(static_cast<double>(acc[i]));
    });
  } else {
    finite = at::isfinite(scores).all().item<bool>();
  }
  TORCH_CHECK(finite, op, ": ", name, " contains NaN or infinite values");
}

void check_same_device(const at::Tensor& a, const at::Tensor& b, const char* op) {
  TORCH_CHECK(a.device() == b.device(), op, ": all tensors must be on the same device, got ",
              a.device(), " and ", b.device());
}

void check_threshold(double value, const char* op, const char* name) {
  TORCH_CHECK(std::isfinite(value), op, ": ", name, " must be finite, got ", value);
}

}  // namespace mmdet4j::ops::detail
