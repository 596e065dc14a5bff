#pragma once
// The prior boxes of RetinaFace and FaceBoxes (their authors' PriorBox; SSD's caffe "priors").
//
// Level k has one feature-map cell per `steps[k]` pixels; each cell holds, for every size s in
// min_sizes[k], a d x d grid of square priors s wide (d = the size's density: FaceBoxes' anchor
// densification, 4 for 32-pixel and 2 for 64-pixel anchors; 1 elsewhere and for RetinaFace)
// centred at ((j + o_x) * step, (i + o_y) * step) for the offsets o = 0, 1/d, ..., (d - 1)/d
// (o = 0.5 when d = 1). The order is the authors': rows i, columns j, sizes, then offsets in y,
// then in x, which is also the order of the head's outputs after (N, A, H, W) -> (N, H, W, A).
//
// The authors normalise priors by the image size; here they are in pixels. Every use (IoU,
// the (cx, cy, w, h) encoding) is invariant to scaling each axis, so both give the same targets.

#include <ATen/ATen.h>

#include <utility>
#include <vector>

#include "core/options.h"
#include "registry/schema.h"

namespace mmdet4j::core {

struct PriorBoxOptions {
  std::vector<std::vector<double>> min_sizes;   // per level, the prior sizes of each cell
  std::vector<int64_t> steps;                   // per level, the feature map's stride
  std::vector<std::vector<int64_t>> densities;  // per level and size; empty: all 1
  bool clip = false;                            // clamp priors to the image (the authors' `clip`)

  static const Schema& schema();
  static PriorBoxOptions from(const Options& o);
};

class PriorBox {
 public:
  explicit PriorBox(PriorBoxOptions options);

  int64_t num_levels() const { return static_cast<int64_t>(options_.steps.size()); }
  // Priors per cell of a level: the sum of the squared densities of its sizes.
  int64_t num_priors(int64_t level) const;
  // (P, 4) priors (cx, cy, w, h) in pixels for feature maps of the given (h, w) sizes, one per
  // level, in an image of `image_size` (h, w) pixels (used only by `clip`).
  at::Tensor grid_priors(const std::vector<std::pair<int64_t, int64_t>>& feature_sizes,
                         std::pair<int64_t, int64_t> image_size, const at::TensorOptions& options) const;
  const PriorBoxOptions& options() const { return options_; }

 private:
  PriorBoxOptions options_;
};

// (cx, cy, w, h) -> (x1, y1, x2, y2): the authors' point_form.
at::Tensor priors_to_corners(const at::Tensor& priors);

}  // namespace mmdet4j::core
