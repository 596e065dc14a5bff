#include "ops/cpu/greedy_nms.h"

#include <algorithm>
#include <cmath>

namespace mmdet4j::ops::cpu {
namespace {

// A box wider or taller than this many cells goes to the "large" list, checked against every
// candidate; the others are stored once, in the cell of their top-left corner.
constexpr int64_t kMaxCellsPerSide = 4;
// Below this many candidates a plain scan over the kept boxes is as fast as the grid.
constexpr int64_t kMinGridCandidates = 64;

template <typename scalar_t>
struct Kept {  // a kept box, stored inline so that a cell scan reads contiguous memory
  scalar_t x1, y1, x2, y2, area;
};

template <typename scalar_t>
inline bool overlaps_above(const Kept<scalar_t>& k, const BoxArrays<scalar_t>& b, int64_t j,
                           double threshold) {
  // Same arithmetic as torchvision's nms_kernel: IoU in scalar_t, compared in double. Boxes
  // without a positive-area intersection have IoU 0 (or NaN) and never exceed a threshold >= 0,
  // so the division is skipped for them (most pairs the grid proposes).
  scalar_t xx1 = std::max(k.x1, b.x1[j]);
  scalar_t yy1 = std::max(k.y1, b.y1[j]);
  scalar_t xx2 = std::min(k.x2, b.x2[j]);
  scalar_t yy2 = std::min(k.y2, b.y2[j]);
  if (!(xx2 > xx1 && yy2 > yy1) && threshold >= 0) return false;
  scalar_t w = std::max(static_cast<scalar_t>(0), xx2 - xx1);
  scalar_t h = std::max(static_cast<scalar_t>(0), yy2 - yy1);
  scalar_t inter = w * h;
  scalar_t ovr = inter / (k.area + b.area[j] - inter);
  return ovr > threshold;
}

template <typename scalar_t>
Kept<scalar_t> kept_box(const BoxArrays<scalar_t>& b, int64_t j) {
  return {b.x1[j], b.y1[j], b.x2[j], b.y2[j], b.area[j]};
}

template <typename scalar_t>
void scan_nms(const BoxArrays<scalar_t>& b, const int64_t* cand, int64_t count, double threshold,
              std::vector<int64_t>& keep) {
  std::vector<Kept<scalar_t>> kept;
  for (int64_t c = 0; c < count; ++c) {
    const int64_t j = cand[c];
    bool suppressed = false;
    for (size_t k = 0; k < kept.size() && !suppressed; ++k) {
      suppressed = overlaps_above(kept[k], b, j, threshold);
    }
    if (!suppressed) {
      keep.push_back(j);
      kept.push_back(kept_box(b, j));
    }
  }
}

// Kept boxes bucketed by the grid cell of their top-left corner. A kept box k can intersect a
// candidate j only if k.x1 lies in (j.x1 - max kept width, j.x2), and likewise in y; since the
// cell index is a monotone function of the coordinate, those cells are the only ones to scan.
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
    // Cells about the size of a mean box, at most sqrt(count) per side.
    const double extent_x = std::max(max_x - min_x, 1e-6);
    const double extent_y = std::max(max_y - min_y, 1e-6);
    const double limit = std::max<double>(1.0, std::sqrt(double(count)));
    nx_ = static_cast<int64_t>(std::clamp(extent_x / std::max(sum_w / count, 1e-6), 1.0, limit));
    ny_ = static_cast<int64_t>(std::clamp(extent_y / std::max(sum_h / count, 1e-6), 1.0, limit));
    cell_w_ = extent_x / nx_;
    cell_h_ = extent_y / ny_;
    cells_.resize(nx_ * ny_);
  }

  bool suppresses(const BoxArrays<scalar_t>& b, int64_t j, double threshold) const {
    for (const auto& k : large_) {
      if (overlaps_above(k, b, j, threshold)) return true;
    }
    // The margin absorbs rounding in the subtraction.
    const int64_t cx0 = cell(double(b.x1[j]) - max_w_ - 1e-6 * cell_w_, origin_x_, cell_w_, nx_);
    const int64_t cx1 = cell(b.x2[j], origin_x_, cell_w_, nx_);
    const int64_t cy0 = cell(double(b.y1[j]) - max_h_ - 1e-6 * cell_h_, origin_y_, cell_h_, ny_);
    const int64_t cy1 = cell(b.y2[j], origin_y_, cell_h_, ny_);
    for (int64_t cy = cy0; cy <= cy1; ++cy) {
      for (int64_t cx = cx0; cx <= cx1; ++cx) {
        for (const auto& k : cells_[cy * nx_ + cx]) {
          if (overlaps_above(k, b, j, threshold)) return true;
        }
      }
    }
    return false;
  }

  void insert(const BoxArrays<scalar_t>& b, int64_t j) {
    const double w = double(b.x2[j]) - double(b.x1[j]);
    const double h = double(b.y2[j]) - double(b.y1[j]);
    if (w > kMaxCellsPerSide * cell_w_ || h > kMaxCellsPerSide * cell_h_) {
      large_.push_back(kept_box(b, j));
      return;
    }
    max_w_ = std::max(max_w_, w);
    max_h_ = std::max(max_h_, h);
    const int64_t cx = cell(b.x1[j], origin_x_, cell_w_, nx_);
    const int64_t cy = cell(b.y1[j], origin_y_, cell_h_, ny_);
    cells_[cy * nx_ + cx].push_back(kept_box(b, j));
  }

 private:
  static int64_t cell(double v, double origin, double size, int64_t n) {
    return std::clamp<int64_t>(static_cast<int64_t>(std::floor((v - origin) / size)), 0, n - 1);
  }

  double origin_x_ = 0, origin_y_ = 0, cell_w_ = 1, cell_h_ = 1;
  double max_w_ = 0, max_h_ = 0;  // largest kept box stored in the cells
  int64_t nx_ = 1, ny_ = 1;
  std::vector<std::vector<Kept<scalar_t>>> cells_;
  std::vector<Kept<scalar_t>> large_;
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
    if (!grid.suppresses(b, j, iou_threshold)) {
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
