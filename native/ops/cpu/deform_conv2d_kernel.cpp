// CPU kernels of mmdet4j::deform_conv2d and its backward, one image at a time. The sampling
// points of an image (one per deform group, kernel tap and output position) are computed once and
// shared by every channel of their group; the columns they fill (C * kh * kw rows of H_out * W_out
// samples) then go through one batched GEMM per image, as torchvision's and mmcv's kernels do.
// Unlike theirs, every loop runs on the intra-op threads, and each loop is split so that no two
// threads write the same element (the input gradient by channel, the offset and mask gradients
// by tap), which keeps the results deterministic.

#include <ATen/Parallel.h>
#include <torch/library.h>

#include <algorithm>
#include <vector>

#include "ops/common/deform_sampling.h"
#include "ops/common/reduced_precision.h"
#include "ops/deform_conv2d.h"

namespace mmdet4j::ops::cpu {
namespace {

using detail::DeformConvShape;
using math::DeformSample;

template <typename T>
struct Tap {
  DeformSample<T> sample;
  T mask;
};

// The sampling points of image `b`: (deform_groups * kh * kw) x (H_out * W_out), tap-major.
template <typename T>
std::vector<Tap<T>> image_taps(const DeformConvShape& s, const T* offset, const T* mask, int64_t b) {
  const int64_t kk = s.kernel_h * s.kernel_w, plane = s.out_h * s.out_w, taps = s.deform_groups * kk;
  std::vector<Tap<T>> result(taps * plane);
  const T* off = offset + b * 2 * taps * plane;
  const T* msk = mask ? mask + b * taps * plane : nullptr;
  at::parallel_for(0, taps, 1, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t k = t % kk, i = k / s.kernel_w, j = k % s.kernel_w;
      const T* dy = off + 2 * t * plane;
      const T* dx = dy + plane;
      for (int64_t oy = 0; oy < s.out_h; ++oy) {
        for (int64_t ox = 0; ox < s.out_w; ++ox) {
          const int64_t p = oy * s.out_w + ox;
          const T y = static_cast<T>(oy * s.stride_h - s.pad_h + i * s.dil_h) + dy[p];
          const T x = static_cast<T>(ox * s.stride_w - s.pad_w + j * s.dil_w) + dx[p];
          result[t * plane + p] = {math::deform_sample(s.height, s.width, y, x), msk ? msk[t * plane + p] : T(1)};
        }
      }
    }
  });
  return result;
}

// Row r = c * kh * kw + k of the columns: the (masked) samples of channel c at tap k.
template <typename T>
void fill_columns(const DeformConvShape& s, const T* image, const std::vector<Tap<T>>& taps, T* columns) {
  const int64_t kk = s.kernel_h * s.kernel_w, plane = s.out_h * s.out_w, in_plane = s.height * s.width;
  const int64_t channels_per_group = s.in_channels / s.deform_groups;
  at::parallel_for(0, s.in_channels * kk, 16, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const int64_t c = r / kk, k = r % kk;
      const T* in = image + c * in_plane;
      const Tap<T>* tap = taps.data() + ((c / channels_per_group) * kk + k) * plane;
      T* col = columns + r * plane;
      for (int64_t p = 0; p < plane; ++p) {
        T v[4];
        math::deform_values(in, tap[p].sample, v);
        col[p] = tap[p].mask * math::deform_interpolate(tap[p].sample, v);
      }
    }
  });
}

// (groups, rows per group, H_out * W_out) views of the weight and the columns for the GEMMs.
at::Tensor grouped_weight(const at::Tensor& weight, int64_t groups) { return weight.reshape({groups, weight.size(0) / groups, -1}); }

template <typename T>
at::Tensor grouped_columns(T* columns, const DeformConvShape& s, const at::TensorOptions& options) {
  const int64_t rows = s.in_channels / s.groups * s.kernel_h * s.kernel_w;
  return at::from_blob(columns, {s.groups, rows, s.out_h * s.out_w}, options);
}

at::Tensor deform_conv2d_forward_cpu(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
                                     const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias,
                                     at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation,
                                     int64_t groups, int64_t deform_groups) {
  const auto s = detail::check_deform_conv2d_args(input, weight, offset, mask, bias, stride, padding, dilation,
                                                  groups, deform_groups);
  if (detail::is_reduced_float(input)) {
    return detail::forward_in_float32(deform_conv2d_forward_cpu, input, weight, offset, mask, bias, stride, padding,
                                      dilation, groups, deform_groups);
  }
  auto output = at::zeros({s.batch, s.out_channels, s.out_h, s.out_w}, input.options());
  if (output.numel() == 0) return output;
  const auto in = input.contiguous(), off = offset.contiguous(), w = grouped_weight(weight.contiguous(), groups);
  const auto msk = detail::has(mask) ? mask->contiguous() : at::Tensor();
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "deform_conv2d_forward_cpu", [&] {
    std::vector<scalar_t> columns(s.in_channels * s.kernel_h * s.kernel_w * s.out_h * s.out_w);
    const auto cols = grouped_columns(columns.data(), s, input.options());
    const scalar_t* mask_data = msk.defined() ? msk.data_ptr<scalar_t>() : nullptr;
    for (int64_t b = 0; b < s.batch; ++b) {
      const auto taps = image_taps(s, off.data_ptr<scalar_t>(), mask_data, b);
      fill_columns(s, in[b].data_ptr<scalar_t>(), taps, columns.data());
      auto out = output[b].view({groups, s.out_channels / groups, s.out_h * s.out_w});
      at::bmm_out(out, w, cols);
    }
  });
  if (detail::has(bias)) output.add_(bias->view({1, s.out_channels, 1, 1}));
  return output;
}

// Input gradient of image b: each channel's plane receives its columns' gradients through the
// bilinear weights of their samples (one thread per channel: no two write the same plane).
template <typename T>
void add_input_grad(const DeformConvShape& s, const std::vector<Tap<T>>& taps, const T* grad_columns, T* grad_image) {
  const int64_t kk = s.kernel_h * s.kernel_w, plane = s.out_h * s.out_w, in_plane = s.height * s.width;
  const int64_t channels_per_group = s.in_channels / s.deform_groups;
  at::parallel_for(0, s.in_channels, 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      T* g_in = grad_image + c * in_plane;
      for (int64_t k = 0; k < kk; ++k) {
        const Tap<T>* tap = taps.data() + ((c / channels_per_group) * kk + k) * plane;
        const T* g_col = grad_columns + (c * kk + k) * plane;
        for (int64_t p = 0; p < plane; ++p) {
          const T g = g_col[p] * tap[p].mask;
          T w[4];
          math::deform_weights(tap[p].sample, w);
          for (int n = 0; n < 4; ++n) {
            if (tap[p].sample.pos[n] >= 0) g_in[tap[p].sample.pos[n]] += w[n] * g;
          }
        }
      }
    }
  });
}

// Offset and mask gradients of image b: for each tap and output position, the columns' gradients
// of the group's channels times the derivatives of their samples (one thread per tap and block of
// positions: each writes its own elements).
template <typename T>
void add_offset_mask_grad(const DeformConvShape& s, const std::vector<Tap<T>>& taps, const T* image,
                          const T* grad_columns, T* grad_offset, T* grad_mask) {
  const int64_t kk = s.kernel_h * s.kernel_w, plane = s.out_h * s.out_w, in_plane = s.height * s.width;
  const int64_t channels_per_group = s.in_channels / s.deform_groups;
  constexpr int64_t kBlock = 512;
  const int64_t blocks = (plane + kBlock - 1) / kBlock;
  at::parallel_for(0, s.deform_groups * kk * blocks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t task = begin; task < end; ++task) {
      const int64_t t = task / blocks, p0 = (task % blocks) * kBlock, p1 = std::min(plane, p0 + kBlock);
      const int64_t g = t / kk, k = t % kk;
      const Tap<T>* tap = taps.data() + t * plane;
      T* g_dy = grad_offset + 2 * t * plane;
      T* g_dx = g_dy + plane;
      T* g_m = grad_mask ? grad_mask + t * plane : nullptr;
      for (int64_t c = g * channels_per_group; c < (g + 1) * channels_per_group; ++c) {
        const T* in = image + c * in_plane;
        const T* g_col = grad_columns + (c * kk + k) * plane;
        for (int64_t p = p0; p < p1; ++p) {
          T v[4], d_dy, d_dx;
          math::deform_values(in, tap[p].sample, v);
          math::deform_interpolate_grad(tap[p].sample, v, d_dy, d_dx);
          g_dy[p] += g_col[p] * tap[p].mask * d_dy;
          g_dx[p] += g_col[p] * tap[p].mask * d_dx;
          if (g_m) g_m[p] += g_col[p] * math::deform_interpolate(tap[p].sample, v);
        }
      }
    }
  });
}

DeformConvGrads deform_conv2d_backward_cpu(
    const at::Tensor& grad, const at::Tensor& input, const at::Tensor& weight, const at::Tensor& offset,
    const std::optional<at::Tensor>& mask, const std::optional<at::Tensor>& bias, at::IntArrayRef stride,
    at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups, int64_t deform_groups) {
  const auto s = detail::check_deform_conv2d_backward_args(grad, input, weight, offset, mask, bias, stride, padding,
                                                           dilation, groups, deform_groups);
  if (detail::is_reduced_float(input)) {
    return detail::backward_in_float32(deform_conv2d_backward_cpu, grad, input, weight, offset, mask, bias, stride,
                                       padding, dilation, groups, deform_groups);
  }
  const bool with_mask = detail::has(mask);
  // References rather than structured bindings: the kernels' lambdas capture them.
  auto grads = detail::initial_grads(grad, input, weight, offset, mask, bias);
  auto &grad_input = std::get<0>(grads), &grad_weight = std::get<1>(grads), &grad_offset = std::get<2>(grads);
  auto& grad_mask = std::get<3>(grads);
  if (s.batch == 0) return grads;
  const auto in = input.contiguous(), off = offset.contiguous(), g_out = grad.contiguous();
  const auto w_t = grouped_weight(weight.contiguous(), groups).transpose(1, 2);
  const auto msk = with_mask ? mask->contiguous() : at::Tensor();
  auto g_w = grouped_weight(grad_weight, groups);
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "deform_conv2d_backward_cpu", [&] {
    const int64_t numel = s.in_channels * s.kernel_h * s.kernel_w * s.out_h * s.out_w;
    std::vector<scalar_t> columns(numel), grad_columns(numel);
    const auto cols = grouped_columns(columns.data(), s, input.options());
    auto g_cols = grouped_columns(grad_columns.data(), s, input.options());
    const scalar_t* mask_data = with_mask ? msk.data_ptr<scalar_t>() : nullptr;
    const int64_t taps_per_image = s.deform_groups * s.kernel_h * s.kernel_w * s.out_h * s.out_w;
    for (int64_t b = 0; b < s.batch; ++b) {
      const auto taps = image_taps(s, off.data_ptr<scalar_t>(), mask_data, b);
      const auto g_b = g_out[b].view({groups, s.out_channels / groups, s.out_h * s.out_w});
      at::bmm_out(g_cols, w_t, g_b);
      const scalar_t* image = in[b].data_ptr<scalar_t>();
      add_input_grad(s, taps, grad_columns.data(), grad_input[b].data_ptr<scalar_t>());
      add_offset_mask_grad(s, taps, image, grad_columns.data(), grad_offset[b].data_ptr<scalar_t>(),
                           with_mask ? grad_mask.data_ptr<scalar_t>() + b * taps_per_image : nullptr);
      fill_columns(s, image, taps, columns.data());
      g_w.baddbmm_(g_b, cols.transpose(1, 2));
    }
  });
  return grads;
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CPU, m) {
  m.impl("deform_conv2d", TORCH_FN(deform_conv2d_forward_cpu));
  m.impl("_deform_conv2d_backward", TORCH_FN(deform_conv2d_backward_cpu));
}

}  // namespace mmdet4j::ops::cpu
