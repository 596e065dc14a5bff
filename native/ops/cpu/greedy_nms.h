#pragma once
// Greedy NMS on the CPU, accelerated with a uniform grid over the kept boxes.
//
// Greedy NMS keeps a box iff no already kept box (earlier in score order) has IoU > threshold
// with it. For threshold >= 0 that needs a positive-area intersection, so each candidate is
// compared only with the kept boxes whose top-left corner lies in the grid cells that such an
// intersection allows (plus a short list of very large boxes). The IoU is computed
// exactly as torchvision computes it, so results are identical to the O(N^2) algorithm, at a
// fraction of the cost when boxes are spread out.

#include <cstdint>
#include <vector>

namespace mmdet4j::ops::cpu {

template <typename scalar_t>
struct BoxArrays {  // structure of arrays, indexed by original box index
  const scalar_t* x1;
  const scalar_t* y1;
  const scalar_t* x2;
  const scalar_t* y2;
  const scalar_t* area;
};

// Runs greedy NMS over `candidates` (original indices, already in visiting order) and appends
// the kept indices to `keep` in visiting order.
template <typename scalar_t>
void greedy_nms(const BoxArrays<scalar_t>& boxes, const int64_t* candidates, int64_t count,
                double iou_threshold, std::vector<int64_t>& keep);

extern template void greedy_nms<float>(const BoxArrays<float>&, const int64_t*, int64_t, double,
                                       std::vector<int64_t>&);
extern template void greedy_nms<double>(const BoxArrays<double>&, const int64_t*, int64_t,
                                        double, std::vector<int64_t>&);

}  // namespace mmdet4j::ops::cpu
