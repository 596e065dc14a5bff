#include "mmdet4j/ops.h"

#include "api/tensor_impl.h"
#include "ops/bbox_overlaps.h"
#include "ops/deform_conv2d.h"
#include "ops/nms.h"
#include "ops/roi_align.h"
#include "ops/roi_pool.h"
#include "ops/sigmoid_focal_loss.h"

namespace mmdet4j::api {

Tensor nms(const Tensor& boxes, const Tensor& scores, double iou_threshold) {
  return guarded([&] { return wrap(ops::nms(unwrap(boxes), unwrap(scores), iou_threshold)); });
}

Tensor batchedNms(const Tensor& boxes, const Tensor& scores, const Tensor& idxs,
                  double iou_threshold) {
  return guarded([&] {
    return wrap(ops::batched_nms(unwrap(boxes), unwrap(scores), unwrap(idxs), iou_threshold));
  });
}

void softNms(const Tensor& boxes, const Tensor& scores, double iou_threshold, double sigma,
             double min_score, const std::string& method, Tensor& dets, Tensor& keep) {
  guarded([&] {
    auto [d, k] = ops::soft_nms(unwrap(boxes), unwrap(scores), iou_threshold, sigma, min_score,
                                method);
    dets = wrap(d);
    keep = wrap(k);
  });
}

Tensor bboxOverlaps(const Tensor& bboxes1, const Tensor& bboxes2, const std::string& mode,
                    bool is_aligned, double eps) {
  return guarded([&] {
    return wrap(ops::bbox_overlaps(unwrap(bboxes1), unwrap(bboxes2), mode, is_aligned, eps));
  });
}

Tensor roiAlign(const Tensor& input, const Tensor& rois, double spatial_scale,
                int64_t pooled_height, int64_t pooled_width, int64_t sampling_ratio,
                bool aligned) {
  return guarded([&] {
    return wrap(ops::roi_align(unwrap(input), unwrap(rois), spatial_scale, pooled_height,
                               pooled_width, sampling_ratio, aligned));
  });
}

Tensor roiAlignBackward(const Tensor& grad, const Tensor& rois, double spatial_scale,
                        int64_t pooled_height, int64_t pooled_width, int64_t batch_size,
                        int64_t channels, int64_t height, int64_t width, int64_t sampling_ratio,
                        bool aligned) {
  return guarded([&] {
    return wrap(ops::roi_align_backward(unwrap(grad), unwrap(rois), spatial_scale, pooled_height,
                                        pooled_width, batch_size, channels, height, width,
                                        sampling_ratio, aligned));
  });
}

void roiPool(const Tensor& input, const Tensor& rois, double spatial_scale, int64_t pooled_height,
             int64_t pooled_width, Tensor& output, Tensor& argmax) {
  guarded([&] {
    auto [o, a] = ops::roi_pool(unwrap(input), unwrap(rois), spatial_scale, pooled_height,
                                pooled_width);
    output = wrap(o);
    argmax = wrap(a);
  });
}

Tensor sigmoidFocalLoss(const Tensor& logits, const Tensor& targets, const Tensor& weight,
                        double gamma, double alpha) {
  return guarded([&] {
    return wrap(ops::sigmoid_focal_loss(unwrap(logits), unwrap(targets), unwrap(weight), gamma,
                                        alpha));
  });
}

Tensor sigmoidFocalLossBackward(const Tensor& grad, const Tensor& logits, const Tensor& targets,
                                const Tensor& weight, double gamma, double alpha) {
  return guarded([&] {
    return wrap(ops::sigmoid_focal_loss_backward(unwrap(grad), unwrap(logits), unwrap(targets),
                                                 unwrap(weight), gamma, alpha));
  });
}

Tensor deformConv2d(const Tensor& input, const Tensor& weight, const Tensor& offset, const Tensor& mask,
                    const Tensor& bias, int64_t stride_h, int64_t stride_w, int64_t pad_h, int64_t pad_w,
                    int64_t dilation_h, int64_t dilation_w, int64_t groups, int64_t deform_groups) {
  return guarded([&] {
    return wrap(ops::deform_conv2d(unwrap(input), unwrap(weight), unwrap(offset), unwrap(mask), unwrap(bias),
                                   {stride_h, stride_w}, {pad_h, pad_w}, {dilation_h, dilation_w}, groups,
                                   deform_groups));
  });
}

void deformConv2dBackward(const Tensor& grad, const Tensor& input, const Tensor& weight, const Tensor& offset,
                          const Tensor& mask, const Tensor& bias, int64_t stride_h, int64_t stride_w, int64_t pad_h,
                          int64_t pad_w, int64_t dilation_h, int64_t dilation_w, int64_t groups,
                          int64_t deform_groups, Tensor& grad_input, Tensor& grad_weight, Tensor& grad_offset,
                          Tensor& grad_mask, Tensor& grad_bias) {
  guarded([&] {
    auto [gi, gw, go, gm, gb] = ops::deform_conv2d_backward(
        unwrap(grad), unwrap(input), unwrap(weight), unwrap(offset), unwrap(mask), unwrap(bias),
        {stride_h, stride_w}, {pad_h, pad_w}, {dilation_h, dilation_w}, groups, deform_groups);
    grad_input = wrap(gi);
    grad_weight = wrap(gw);
    grad_offset = wrap(go);
    grad_mask = wrap(gm);
    grad_bias = wrap(gb);
  });
}

}  // namespace mmdet4j::api
