#include "ops/cpu/greedy_nms.h"

#include <algorithm>
#include <cmath>

namespace mmdet4j::ops::cpu {
namespace {

// A box covering more cells than this goes to the "large" list, checked against every candidate.
constexpr int64_t kMaxCellsPerBox = 64;
// Below this many candidates a plain scan over the kept boxes is as fast as the grid.
constexpr int64_t kMinGridCandidates = 64;

template <typename scalar_t>
inline bool overlaps_above(const BoxArrays<scalar_t>& b, int64_t i, int64_t j, double threshold) {
  // Same arithmetic as torchvision's nms_kernel: IoU in scalar_t, compared in double.
  scalar_t xx1 = std::max(b.x1[i], b.x1[j]);
  scalar_t yy1 = std::max(b.y1[i], b.y1[j]);
  scalar_t xx2 = std::min(b.x2[i], b.x2[j]);
  scalar_t yy2 = std::min(b.y2[i], b.y2[j]);
  scalar_t w = std::max(static_cast<scalar_t>(0), xx2 - xx1);
  scalar_t h = std::max(static_cast<scalar_t>(0), yy2 - yy1);
  scalar_t inter = w * h;
  scalar_t ovr = inter / (b.area[i] + b.area[j] - inter);
  return ovr > threshold;
}

template <typename scalar_t>
void scan_nms(const BoxArrays<scalar_t>& b, const int64_t* cand, int64_t count, double threshold,
              std::vector<int64_t>& keep) {
  const size_t first = keep.size();
  for (int64_t c = 0; c < count; ++c) {
    const int64_t j = cand[c];
    bool suppressed = false;
    for (size_t k = first; k < keep.size() && !suppressed; ++k) {
      suppressed = overlaps_above(b, keep[k], j, threshold);
    }
    if (!suppressed) keep.push_back(j);
  }
}

template <typename scalar_t>
class KeptGrid {
 public:
  KeptGrid(const BoxArrays<scalar_t>& b, const int64_t* cand, int64_t count) {
    double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
    double sum_w = 0, sum_h = 0;
    for (int64_t c = 0; c < count; ++c) {
      const int64_t i = cand[c];
      min_x = std::min(min_x, double(b.x1[i]));
      min_y = std::min(min_y, double(b.y1[i]));
      max_x = std::max(max_x, double(b.x2[i]));
      max_y = std::max(max_y, double(b.y2[i]));
      sum_w += double(b.x2[i]) - double(b.x1[i]);
      sum_h += double(b.y2[i]) - double(b.y1[i]);
    }
    origin_x_ = min_x;
    origin_y_ = min_y;
    // Cells about the size of a mean box: a box then covers a handful of cells.
    const double extent_x = std::max(max_x - min_x, 1e-6);
    const double extent_y = std::max(max_y - min_y, 1e-6);
    const double limit = std::max<double>(1.0, std::sqrt(double(count)));
    nx_ = static_cast<int64_t>(std::clamp(extent_x / std::max(sum_w / count, 1e-6), 1.0, limit));
    ny_ = static_cast<int64_t>(std::clamp(extent_y / std::max(sum_h / count, 1e-6), 1.0, limit));
    cell_w_ = extent_x / nx_;
    cell_h_ = extent_y / ny_;
    cells_.resize(nx_ * ny_);
  }

  // Kept boxes that may intersect box j are in the cells it covers or in the large list.
  template <typename Visit>
  bool any_kept(const BoxArrays<scalar_t>& b, int64_t j, Visit&& suppresses) const {
    for (int64_t k : large_) {
      if (suppresses(k)) return true;
    }
    int64_t cx0, cy0, cx1, cy1;
    range(b, j, cx0, cy0, cx1, cy1);
    for (int64_t cy = cy0; cy <= cy1; ++cy) {
      for (int64_t cx = cx0; cx <= cx1; ++cx) {
        for (int64_t k : cells_[cy * nx_ + cx]) {
          if (suppresses(k)) return true;
        }
      }
    }
    return false;
  }

  void insert(const BoxArrays<scalar_t>& b, int64_t j) {
    int64_t cx0, cy0, cx1, cy1;
    range(b, j, cx0, cy0, cx1, cy1);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > kMaxCellsPerBox) {
      large_.push_back(j);
      return;
    }
    for (int64_t cy = cy0; cy <= cy1; ++cy) {
      for (int64_t cx = cx0; cx <= cx1; ++cx) {
        cells_[cy * nx_ + cx].push_back(j);
      }
    }
  }

 private:
  // Cell index is a monotone function of the coordinate, so overlapping boxes share a cell.
  int64_t cell(double v, double origin, double size, int64_t n) const {
    return std::clamp<int64_t>(static_cast<int64_t>(std::floor((v - origin) / size)), 0, n - 1);
  }
  void range(const BoxArrays<scalar_t>& b, int64_t j, int64_t& cx0, int64_t& cy0, int64_t& cx1,
             int64_t& cy1) const {
    cx0 = cell(b.x1[j], origin_x_, cell_w_, nx_);
    cx1 = cell(b.x2[j], origin_x_, cell_w_, nx_);
    cy0 = cell(b.y1[j], origin_y_, cell_h_, ny_);
    cy1 = cell(b.y2[j], origin_y_, cell_h_, ny_);
  }

  double origin_x_ = 0, origin_y_ = 0, cell_w_ = 1, cell_h_ = 1;
  int64_t nx_ = 1, ny_ = 1;
  std::vector<std::vector<int64_t>> cells_;
  std::vector<int64_t> large_;
};

}  // namespace

template <typename scalar_t>
void greedy_nms(const BoxArrays<scalar_t>& b, const int64_t* cand, int64_t count,
                double iou_threshold, std::vector<int64_t>& keep) {
  if (count == 0) return;
  if (iou_threshold < 0) {
    // Every IoU (even 0) exceeds a negative threshold: only the first box survives.
    keep.push_back(cand[0]);
    return;
  }
  if (count < kMinGridCandidates) {
    scan_nms(b, cand, count, iou_threshold, keep);
    return;
  }
  KeptGrid<scalar_t> grid(b, cand, count);
  for (int64_t c = 0; c < count; ++c) {
    const int64_t j = cand[c];
    bool suppressed = grid.any_kept(
        b, j, [&](int64_t k) { return overlaps_above(b, k, j, iou_threshold); });
    if (!suppressed) {
      keep.push_back(j);
      grid.insert(b, j);
    }
  }
}

template void greedy_nms<float>(const BoxArrays<float>&, const int64_t*, int64_t, double,
                                std::vector<int64_t>&);
template void greedy_nms<double>(const BoxArrays<double>&, const int64_t*, int64_t, double,
                                 std::vector<int64_t>&);

}  // namespace mmdet4j::ops::cpu
