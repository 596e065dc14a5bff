#pragma once
// The box ops of mmdet4j, for callers without LibTorch headers (the Java bindings). Each
// function forwards to the registered mmdet4j:: op of the same name (see native/ops/*.h for the
// exact semantics) and reports a bad argument as std::invalid_argument with the op's message.

#include <string>

#include "mmdet4j/tensor.h"

namespace mmdet4j::api {

Tensor nms(const Tensor& boxes, const Tensor& scores, double iou_threshold);
Tensor batchedNms(const Tensor& boxes, const Tensor& scores, const Tensor& idxs,
                  double iou_threshold);
// Writes the decayed detections (K, 5) and kept indices (K,) into dets and keep.
void softNms(const Tensor& boxes, const Tensor& scores, double iou_threshold, double sigma,
             double min_score, const std::string& method, Tensor& dets, Tensor& keep);

Tensor bboxOverlaps(const Tensor& bboxes1, const Tensor& bboxes2, const std::string& mode,
                    bool is_aligned, double eps);

Tensor roiAlign(const Tensor& input, const Tensor& rois, double spatial_scale,
                int64_t pooled_height, int64_t pooled_width, int64_t sampling_ratio,
                bool aligned);
Tensor roiAlignBackward(const Tensor& grad, const Tensor& rois, double spatial_scale,
                        int64_t pooled_height, int64_t pooled_width, int64_t batch_size,
                        int64_t channels, int64_t height, int64_t width, int64_t sampling_ratio,
                        bool aligned);
// Writes the pooled output and the argmax positions (for the backward pass).
void roiPool(const Tensor& input, const Tensor& rois, double spatial_scale, int64_t pooled_height,
             int64_t pooled_width, Tensor& output, Tensor& argmax);

// Element-wise loss (N, C); `weight` may be undefined, (N,) or (N, C).
Tensor sigmoidFocalLoss(const Tensor& logits, const Tensor& targets, const Tensor& weight,
                        double gamma, double alpha);
Tensor sigmoidFocalLossBackward(const Tensor& grad, const Tensor& logits, const Tensor& targets,
                                const Tensor& weight, double gamma, double alpha);

// Deformable convolution (DCNv1; DCNv2 when `mask` is defined); `bias` may be undefined.
Tensor deformConv2d(const Tensor& input, const Tensor& weight, const Tensor& offset, const Tensor& mask,
                    const Tensor& bias, int64_t stride_h, int64_t stride_w, int64_t pad_h, int64_t pad_w,
                    int64_t dilation_h, int64_t dilation_w, int64_t groups, int64_t deform_groups);
// Writes the gradients of input, weight, offset, mask and bias (the last two empty when undefined
// in the forward).
void deformConv2dBackward(const Tensor& grad, const Tensor& input, const Tensor& weight, const Tensor& offset,
                          const Tensor& mask, const Tensor& bias, int64_t stride_h, int64_t stride_w, int64_t pad_h,
                          int64_t pad_w, int64_t dilation_h, int64_t dilation_w, int64_t groups,
                          int64_t deform_groups, Tensor& grad_input, Tensor& grad_weight, Tensor& grad_offset,
                          Tensor& grad_mask, Tensor& grad_bias);

}  // namespace mmdet4j::api
