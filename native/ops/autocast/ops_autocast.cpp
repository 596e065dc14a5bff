// Autocast kernels of the ops (torch.autocast / at::autocast on the CPU and CUDA): each op runs in
// float32 on float32 copies of its floating arguments, as torchvision registers its RoIAlign and
// NMS, since their sums and comparisons need float32's precision. RoIAlign and RoIPool return
// their features in the input's dtype, so that the layers after them keep running in the autocast
// dtype; box overlaps and the focal loss stay float32, as autocast keeps losses and reductions.

#include <ATen/autocast_mode.h>
#include <c10/core/impl/LocalDispatchKeySet.h>
#include <torch/library.h>

#include "ops/bbox_overlaps.h"
#include "ops/deform_conv2d.h"
#include "ops/nms.h"
#include "ops/roi_align.h"
#include "ops/roi_pool.h"
#include "ops/sigmoid_focal_loss.h"

namespace mmdet4j::ops {
namespace {

template <c10::DeviceType device>
at::Tensor fp32(const at::Tensor& t) {
  return at::autocast::cached_cast(at::kFloat, t, device);
}

template <c10::DeviceType device>
constexpr c10::DispatchKey autocast_key() {
  return device == c10::DeviceType::CUDA ? c10::DispatchKey::AutocastCUDA : c10::DispatchKey::AutocastCPU;
}

template <c10::DeviceType device>
at::Tensor roi_align_autocast(const at::Tensor& input, const at::Tensor& rois, double spatial_scale,
                              int64_t pooled_height, int64_t pooled_width, int64_t sampling_ratio, bool aligned) {
  c10::impl::ExcludeDispatchKeyGuard no_autocast(autocast_key<device>());
  return roi_align(fp32<device>(input), fp32<device>(rois), spatial_scale, pooled_height, pooled_width,
                   sampling_ratio, aligned)
      .to(input.scalar_type());
}

template <c10::DeviceType device>
std::tuple<at::Tensor, at::Tensor> roi_pool_autocast(const at::Tensor& input, const at::Tensor& rois,
                                                     double spatial_scale, int64_t pooled_height,
                                                     int64_t pooled_width) {
  c10::impl::ExcludeDispatchKeyGuard no_autocast(autocast_key<device>());
  auto [output, argmax] = roi_pool(fp32<device>(input), fp32<device>(rois), spatial_scale, pooled_height, pooled_width);
  return {output.to(input.scalar_type()), argmax};
}

template <c10::DeviceType device>
at::Tensor nms_autocast(const at::Tensor& boxes, const at::Tensor& scores, double iou_threshold) {
  c10::impl::ExcludeDispatchKeyGuard no_autocast(autocast_key<device>());
  return nms(fp32<device>(boxes), fp32<device>(scores), iou_threshold);
}

template <c10::DeviceType device>
at::Tensor batched_nms_autocast(const at::Tensor& boxes, const at::Tensor& scores, const at::Tensor& idxs,
                                double iou_threshold) {
  c10::impl::ExcludeDispatchKeyGuard no_autocast(autocast_key<device>());
  return batched_nms(fp32<device>(boxes), fp32<device>(scores), idxs, iou_threshold);
}

template <c10::DeviceType device>
std::tuple<at::Tensor, at::Tensor> soft_nms_autocast(const at::Tensor& boxes, const at::Tensor& scores,
                                                     double iou_threshold, double sigma, double min_score,
                                                     c10::string_view method) {
  c10::impl::ExcludeDispatchKeyGuard no_autocast(autocast_key<device>());
  return soft_nms(fp32<device>(boxes), fp32<device>(scores), iou_threshold, sigma, min_score,
                  std::string_view(method.data(), method.size()));
}

template <c10::DeviceType device>
at::Tensor bbox_overlaps_autocast(const at::Tensor& bboxes1, const at::Tensor& bboxes2, c10::string_view mode,
                                  bool is_aligned, double eps) {
  c10::impl::ExcludeDispatchKeyGuard no_autocast(autocast_key<device>());
  return bbox_overlaps(fp32<device>(bboxes1), fp32<device>(bboxes2), std::string_view(mode.data(), mode.size()),
                       is_aligned, eps);
}

template <c10::DeviceType device>
at::Tensor sigmoid_focal_loss_autocast(const at::Tensor& logits, const at::Tensor& targets,
                                       const std::optional<at::Tensor>& weight, double gamma, double alpha) {
  c10::impl::ExcludeDispatchKeyGuard no_autocast(autocast_key<device>());
  std::optional<at::Tensor> w;
  if (weight.has_value() && weight->defined()) w = fp32<device>(*weight);
  return sigmoid_focal_loss(fp32<device>(logits), targets, w, gamma, alpha);
}

template <c10::DeviceType device>
std::optional<at::Tensor> fp32(const std::optional<at::Tensor>& t) {
  if (!t.has_value() || !t->defined()) return std::nullopt;
  return fp32<device>(*t);
}

// Deformable convolution in float32 (as torchvision's autocast registers it): its bilinear
// sampling of fractional offsets loses the offsets' precision in half; the output comes back in
// the input's dtype for the layers after it.
template <c10::DeviceType device>
at::Tensor deform_conv2d_autocast(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
                                  const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias,
                                  at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation,
                                  int64_t groups, int64_t deform_groups) {
  c10::impl::ExcludeDispatchKeyGuard no_autocast(autocast_key<device>());
  return deform_conv2d(fp32<device>(input), fp32<device>(weight), fp32<device>(offset), fp32<device>(mask),
                       fp32<device>(bias), stride, padding, dilation, groups, deform_groups)
      .to(input.scalar_type());
}

template <c10::DeviceType device>
void register_autocast(torch::Library& m) {
  m.impl("roi_align", TORCH_FN(roi_align_autocast<device>));
  m.impl("roi_pool", TORCH_FN(roi_pool_autocast<device>));
  m.impl("nms", TORCH_FN(nms_autocast<device>));
  m.impl("batched_nms", TORCH_FN(batched_nms_autocast<device>));
  m.impl("soft_nms", TORCH_FN(soft_nms_autocast<device>));
  m.impl("bbox_overlaps", TORCH_FN(bbox_overlaps_autocast<device>));
  m.impl("sigmoid_focal_loss", TORCH_FN(sigmoid_focal_loss_autocast<device>));
  m.impl("deform_conv2d", TORCH_FN(deform_conv2d_autocast<device>));
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, AutocastCPU, m) { register_autocast<c10::DeviceType::CPU>(m); }
TORCH_LIBRARY_IMPL(mmdet4j, AutocastCUDA, m) { register_autocast<c10::DeviceType::CUDA>(m); }

}  // namespace mmdet4j::ops
