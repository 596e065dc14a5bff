// CPU kernels of mmdet4j::nms, mmdet4j::batched_nms and mmdet4j::soft_nms.

#include <ATen/Parallel.h>
#include <torch/library.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ops/common/reduced_precision.h"
#include "ops/cpu/greedy_nms.h"
#include "ops/nms.h"

namespace mmdet4j::ops::cpu {
namespace {

constexpr int64_t kParallelBoxes = 50000;

// Stable descending order of the scores: equal scores keep their index order. A plain
// std::stable_sort: no parallel region for what is a millisecond of work.
at::Tensor score_order(const at::Tensor& scores) {
  const int64_t n = scores.size(0);
  auto order = at::empty({n}, at::kLong);
  int64_t* o = order.data_ptr<int64_t>();
  std::iota(o, o + n, 0);
  auto s = scores.contiguous();
  AT_DISPATCH_FLOATING_TYPES(s.scalar_type(), "score_order", [&] {
    const scalar_t* v = s.data_ptr<scalar_t>();
    std::stable_sort(o, o + n, [v](int64_t a, int64_t b) { return v[a] > v[b]; });
  });
  return order;
}

// Contiguous x1, y1, x2, y2 and area columns of `boxes` (N, 4), indexed by box index.
template <typename scalar_t>
struct BoxColumns {
  explicit BoxColumns(const at::Tensor& boxes) {
    auto b = boxes.contiguous();
    const int64_t n = b.size(0);
    columns = at::empty({5, n}, b.options());
    const scalar_t* in = b.data_ptr<scalar_t>();
    scalar_t* p = columns.data_ptr<scalar_t>();
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t k = 0; k < 4; ++k) p[k * n + i] = in[4 * i + k];
      p[4 * n + i] = (in[4 * i + 2] - in[4 * i]) * (in[4 * i + 3] - in[4 * i + 1]);
    }
    arrays = {p, p + n, p + 2 * n, p + 3 * n, p + 4 * n};
  }
  at::Tensor columns;
  BoxArrays<scalar_t> arrays;
};

at::Tensor to_index_tensor(const std::vector<int64_t>& keep) {
  auto out = at::empty({static_cast<int64_t>(keep.size())}, at::kLong);
  std::copy(keep.begin(), keep.end(), out.data_ptr<int64_t>());
  return out;
}

at::Tensor nms_cpu(const at::Tensor& boxes, const at::Tensor& scores, double iou_threshold) {
  detail::check_nms_args(boxes, scores, iou_threshold, "nms");
  if (detail::is_reduced_float(boxes) || detail::is_reduced_float(scores)) {
    return nms_cpu(detail::to_compute_dtype(boxes), detail::to_compute_dtype(scores), iou_threshold);
  }
  if (boxes.size(0) == 0) return at::empty({0}, boxes.options().dtype(at::kLong));
  auto order = score_order(scores);
  std::vector<int64_t> keep;
  AT_DISPATCH_FLOATING_TYPES(boxes.scalar_type(), "nms_cpu", [&] {
    BoxColumns<scalar_t> cols(boxes);
    greedy_nms(cols.arrays, order.data_ptr<int64_t>(), order.size(0), iou_threshold, keep);
  });
  return to_index_tensor(keep);
}

at::Tensor batched_nms_cpu(const at::Tensor& boxes, const at::Tensor& scores,
                           const at::Tensor& idxs, double iou_threshold) {
  detail::check_batched_nms_args(boxes, scores, idxs, iou_threshold);
  if (detail::is_reduced_float(boxes) || detail::is_reduced_float(scores)) {
    return batched_nms_cpu(detail::to_compute_dtype(boxes), detail::to_compute_dtype(scores), idxs, iou_threshold);
  }
  const int64_t n = boxes.size(0);
  if (n == 0) return at::empty({0}, boxes.options().dtype(at::kLong));

  // Visit order: by class, then by descending score; rank[i] is box i's global score rank.
  auto order = score_order(scores);
  const int64_t* ord = order.data_ptr<int64_t>();
  auto classes = idxs.contiguous();
  const int64_t* cls = classes.data_ptr<int64_t>();
  std::vector<int64_t> rank(n);
  for (int64_t r = 0; r < n; ++r) rank[ord[r]] = r;
  std::vector<int64_t> grouped(ord, ord + n);
  std::stable_sort(grouped.begin(), grouped.end(),
                   [&](int64_t a, int64_t b) { return cls[a] < cls[b]; });
  std::vector<int64_t> starts{0};
  for (int64_t r = 1; r < n; ++r) {
    if (cls[grouped[r]] != cls[grouped[r - 1]]) starts.push_back(r);
  }
  starts.push_back(n);
  const int64_t groups = static_cast<int64_t>(starts.size()) - 1;

  std::vector<std::vector<int64_t>> kept(groups);
  AT_DISPATCH_FLOATING_TYPES(boxes.scalar_type(), "batched_nms_cpu", [&] {
    BoxColumns<scalar_t> cols(boxes);
    // Classes are independent: one task per class, in parallel only when there is enough work
    // (a parallel region costs more than NMS on a few thousand boxes).
    const int64_t grain = n < kParallelBoxes ? groups : 1;
    at::parallel_for(0, groups, grain, [&](int64_t begin, int64_t end) {
      for (int64_t g = begin; g < end; ++g) {
        greedy_nms(cols.arrays, grouped.data() + starts[g], starts[g + 1] - starts[g],
                   iou_threshold, kept[g]);
      }
    });
  });
  std::vector<int64_t> keep;
  for (auto& k : kept) keep.insert(keep.end(), k.begin(), k.end());
  std::sort(keep.begin(), keep.end(), [&](int64_t a, int64_t b) { return rank[a] < rank[b]; });
  return to_index_tensor(keep);
}

template <typename scalar_t>
void soft_nms_impl(const at::Tensor& boxes, const at::Tensor& scores, double iou_threshold,
                   double sigma, double min_score, detail::SoftNmsMethod method,
                   std::vector<int64_t>& keep, std::vector<scalar_t>& kept_scores) {
  BoxColumns<scalar_t> cols(boxes);
  const auto& b = cols.arrays;
  const int64_t n = boxes.size(0);
  auto s = scores.contiguous();
  std::vector<scalar_t> score(s.data_ptr<scalar_t>(), s.data_ptr<scalar_t>() + n);
  // Remaining candidates; their order does not matter since ties are broken by index.
  std::vector<int64_t> alive(n);
  std::iota(alive.begin(), alive.end(), 0);
  while (!alive.empty()) {
    size_t best = 0;
    for (size_t a = 1; a < alive.size(); ++a) {
      const int64_t i = alive[a], m = alive[best];
      if (score[i] > score[m] || (score[i] == score[m] && i < m)) best = a;
    }
    const int64_t i = alive[best];
    alive[best] = alive.back();
    alive.pop_back();
    keep.push_back(i);
    kept_scores.push_back(score[i]);
    size_t out = 0;
    for (size_t a = 0; a < alive.size(); ++a) {
      const int64_t j = alive[a];
      scalar_t xx1 = std::max(b.x1[i], b.x1[j]), yy1 = std::max(b.y1[i], b.y1[j]);
      scalar_t xx2 = std::min(b.x2[i], b.x2[j]), yy2 = std::min(b.y2[i], b.y2[j]);
      scalar_t inter = std::max<scalar_t>(0, xx2 - xx1) * std::max<scalar_t>(0, yy2 - yy1);
      scalar_t iou = inter / (b.area[i] + b.area[j] - inter);
      scalar_t weight = 1;
      if (method == detail::SoftNmsMethod::kLinear) {
        if (iou > iou_threshold) weight = 1 - iou;
      } else if (method == detail::SoftNmsMethod::kGaussian) {
        weight = std::exp(-(iou * iou) / static_cast<scalar_t>(sigma));
      } else if (iou > iou_threshold) {
        weight = 0;
      }
      score[j] *= weight;
      if (score[j] >= min_score) alive[out++] = j;
    }
    alive.resize(out);
  }
}

std::tuple<at::Tensor, at::Tensor> soft_nms_cpu(const at::Tensor& boxes, const at::Tensor& scores,
                                                double iou_threshold, double sigma,
                                                double min_score, c10::string_view method_name) {
  const auto method = detail::check_soft_nms_args(
      boxes, scores, iou_threshold, sigma, min_score,
      std::string_view(method_name.data(), method_name.size()));
  if (detail::is_reduced_float(boxes)) {
    auto [dets, keep] = soft_nms_cpu(detail::to_compute_dtype(boxes), detail::to_compute_dtype(scores), iou_threshold,
                                     sigma, min_score, method_name);
    return {dets.to(boxes.scalar_type()), keep};
  }
  std::vector<int64_t> keep;
  at::Tensor dets;
  AT_DISPATCH_FLOATING_TYPES(boxes.scalar_type(), "soft_nms_cpu", [&] {
    std::vector<scalar_t> kept_scores;
    soft_nms_impl<scalar_t>(boxes, scores, iou_threshold, sigma, min_score, method, keep,
                            kept_scores);
    auto index = to_index_tensor(keep);
    dets = at::empty({static_cast<int64_t>(keep.size()), 5}, boxes.options());
    dets.narrow(1, 0, 4).copy_(boxes.index_select(0, index));
    dets.select(1, 4).copy_(at::from_blob(kept_scores.data(),
                                          {static_cast<int64_t>(kept_scores.size())},
                                          boxes.options().device(at::kCPU)));
  });
  return {dets, to_index_tensor(keep)};
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CPU, m) {
  m.impl("nms", TORCH_FN(nms_cpu));
  m.impl("batched_nms", TORCH_FN(batched_nms_cpu));
  m.impl("soft_nms", TORCH_FN(soft_nms_cpu));
}

}  // namespace mmdet4j::ops::cpu
