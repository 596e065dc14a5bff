// CPU kernels of mmdet4j::roi_align and its backward, after torchvision's: the bilinear
// sampling positions and weights of a RoI are computed once and reused for every channel. A
// channels-last input (what the detectors' convolutions produce) is read as it is: each sample
// then reads four contiguous channel vectors, a loop the compiler vectorises.

#include <ATen/Parallel.h>
#include <torch/library.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "ops/common/bilinear.h"
#include "ops/common/reduced_precision.h"
#include "ops/roi_align.h"

namespace mmdet4j::ops::cpu {
namespace {

template <typename T>
struct Sample {  // one bilinear sample: four neighbours and their weights
  int64_t pos1, pos2, pos3, pos4;
  T w1, w2, w3, w4;
};

template <typename T>
struct RoiGeometry {
  int64_t batch;
  int64_t grid_h, grid_w;  // samples per bin side
  T count;                 // samples per bin (the average's divisor)
  std::vector<Sample<T>> samples;  // pooled_h * pooled_w * grid_h * grid_w, bin-major
};

template <typename T>
RoiGeometry<T> roi_geometry(const T* roi, T spatial_scale, int64_t height, int64_t width,
                            int64_t pooled_height, int64_t pooled_width, int64_t sampling_ratio,
                            bool aligned) {
  RoiGeometry<T> g;
  g.batch = static_cast<int64_t>(roi[0]);
  const T offset = aligned ? T(0.5) : T(0);
  const T start_w = roi[1] * spatial_scale - offset;
  const T start_h = roi[2] * spatial_scale - offset;
  T roi_width = roi[3] * spatial_scale - offset - start_w;
  T roi_height = roi[4] * spatial_scale - offset - start_h;
  if (!aligned) {  // legacy behaviour: force malformed RoIs to 1x1
    roi_width = std::max(roi_width, T(1));
    roi_height = std::max(roi_height, T(1));
  }
  const T bin_h = roi_height / static_cast<T>(pooled_height);
  const T bin_w = roi_width / static_cast<T>(pooled_width);
  g.grid_h = sampling_ratio > 0 ? sampling_ratio : static_cast<int64_t>(std::ceil(roi_height / pooled_height));
  g.grid_w = sampling_ratio > 0 ? sampling_ratio : static_cast<int64_t>(std::ceil(roi_width / pooled_width));
  g.count = static_cast<T>(std::max<int64_t>(g.grid_h * g.grid_w, 1));
  g.samples.reserve(pooled_height * pooled_width * g.grid_h * g.grid_w);
  for (int64_t ph = 0; ph < pooled_height; ++ph) {
    for (int64_t pw = 0; pw < pooled_width; ++pw) {
      for (int64_t iy = 0; iy < g.grid_h; ++iy) {
        const T yy = start_h + ph * bin_h + static_cast<T>(iy + .5f) * bin_h / static_cast<T>(g.grid_h);
        for (int64_t ix = 0; ix < g.grid_w; ++ix) {
          const T xx = start_w + pw * bin_w + static_cast<T>(ix + .5f) * bin_w / static_cast<T>(g.grid_w);
          Sample<T> s;
          math::bilinear_weights(height, width, yy, xx, s.w1, s.w2, s.w3, s.w4, s.pos1, s.pos2, s.pos3, s.pos4);
          g.samples.push_back(s);
        }
      }
    }
  }
  return g;
}

// input (N, C, H, W) stored channels-last; output (R, C, PH, PW) contiguous.
void forward_channels_last(const at::Tensor& input, const at::Tensor& rois, at::Tensor& output,
                           double spatial_scale, int64_t sampling_ratio, bool aligned) {
  const int64_t n_rois = rois.size(0), channels = input.size(1);
  const int64_t height = input.size(2), width = input.size(3);
  const int64_t pooled_height = output.size(2), pooled_width = output.size(3);
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "roi_align_forward_cpu_nhwc", [&] {
    const scalar_t* in_data = input.data_ptr<scalar_t>();
    const scalar_t* roi_data = rois.data_ptr<scalar_t>();
    scalar_t* out_data = output.data_ptr<scalar_t>();
    const int64_t bins = pooled_height * pooled_width;
    at::parallel_for(0, n_rois, 1, [&](int64_t begin, int64_t end) {
      std::vector<scalar_t> acc(channels);
      for (int64_t n = begin; n < end; ++n) {
        auto g = roi_geometry<scalar_t>(roi_data + 5 * n, static_cast<scalar_t>(spatial_scale),
                                        height, width, pooled_height, pooled_width,
                                        sampling_ratio, aligned);
        const int64_t per_bin = g.grid_h * g.grid_w;
        const scalar_t* image = in_data + g.batch * height * width * channels;
        const Sample<scalar_t>* s = g.samples.data();
        for (int64_t bin = 0; bin < bins; ++bin) {
          std::fill(acc.begin(), acc.end(), scalar_t(0));
          for (int64_t k = 0; k < per_bin; ++k, ++s) {
            const scalar_t *p1 = image + s->pos1 * channels, *p2 = image + s->pos2 * channels;
            const scalar_t *p3 = image + s->pos3 * channels, *p4 = image + s->pos4 * channels;
            const scalar_t w1 = s->w1, w2 = s->w2, w3 = s->w3, w4 = s->w4;
            for (int64_t c = 0; c < channels; ++c) acc[c] += w1 * p1[c] + w2 * p2[c] + w3 * p3[c] + w4 * p4[c];
          }
          scalar_t* out = out_data + n * channels * bins + bin;
          for (int64_t c = 0; c < channels; ++c) out[c * bins] = acc[c] / g.count;
        }
      }
    });
  });
}

at::Tensor roi_align_forward_cpu(const at::Tensor& input, const at::Tensor& rois,
                                 double spatial_scale, int64_t pooled_height,
                                 int64_t pooled_width, int64_t sampling_ratio, bool aligned) {
  detail::check_roi_align_args(input, rois, spatial_scale, pooled_height, pooled_width,
                               sampling_ratio);
  if (detail::is_reduced_float(input)) {
    return roi_align_forward_cpu(detail::to_compute_dtype(input), detail::to_compute_dtype(rois), spatial_scale,
                                 pooled_height, pooled_width, sampling_ratio, aligned)
        .to(input.scalar_type());
  }
  const int64_t n_rois = rois.size(0), channels = input.size(1);
  const int64_t height = input.size(2), width = input.size(3);
  auto output = at::zeros({n_rois, channels, pooled_height, pooled_width}, input.options());
  if (output.numel() == 0 || height == 0 || width == 0) return output;
  auto r = rois.contiguous();
  if (channels > 1 && input.is_contiguous(at::MemoryFormat::ChannelsLast) && !input.is_contiguous()) {
    forward_channels_last(input, r, output, spatial_scale, sampling_ratio, aligned);
    return output;
  }
  auto in = input.contiguous();
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "roi_align_forward_cpu", [&] {
    const scalar_t* in_data = in.data_ptr<scalar_t>();
    const scalar_t* roi_data = r.data_ptr<scalar_t>();
    scalar_t* out_data = output.data_ptr<scalar_t>();
    const int64_t bins = pooled_height * pooled_width;
    at::parallel_for(0, n_rois, 1, [&](int64_t begin, int64_t end) {
      for (int64_t n = begin; n < end; ++n) {
        auto g = roi_geometry<scalar_t>(roi_data + 5 * n, static_cast<scalar_t>(spatial_scale),
                                        height, width, pooled_height, pooled_width,
                                        sampling_ratio, aligned);
        const int64_t per_bin = g.grid_h * g.grid_w;
        for (int64_t c = 0; c < channels; ++c) {
          const scalar_t* plane = in_data + (g.batch * channels + c) * height * width;
          scalar_t* out = out_data + (n * channels + c) * bins;
          const Sample<scalar_t>* s = g.samples.data();
          for (int64_t bin = 0; bin < bins; ++bin) {
            scalar_t acc = 0;
            for (int64_t k = 0; k < per_bin; ++k, ++s) {
              acc += s->w1 * plane[s->pos1] + s->w2 * plane[s->pos2] + s->w3 * plane[s->pos3] +
                     s->w4 * plane[s->pos4];
            }
            out[bin] = acc / g.count;
          }
        }
      }
    });
  });
  return output;
}

at::Tensor roi_align_backward_cpu(const at::Tensor& grad, const at::Tensor& rois,
                                  double spatial_scale, int64_t pooled_height,
                                  int64_t pooled_width, int64_t batch_size, int64_t channels,
                                  int64_t height, int64_t width, int64_t sampling_ratio,
                                  bool aligned) {
  detail::check_roi_align_backward_args(grad, rois, pooled_height, pooled_width, batch_size,
                                        channels, height, width, sampling_ratio);
  if (detail::is_reduced_float(grad)) {
    return roi_align_backward_cpu(detail::to_compute_dtype(grad), detail::to_compute_dtype(rois), spatial_scale,
                                  pooled_height, pooled_width, batch_size, channels, height, width, sampling_ratio,
                                  aligned)
        .to(grad.scalar_type());
  }
  auto grad_input = at::zeros({batch_size, channels, height, width}, grad.options());
  if (grad.numel() == 0 || height == 0 || width == 0) return grad_input;
  auto g_out = grad.contiguous();
  auto r = rois.contiguous();
  const int64_t n_rois = rois.size(0);
  AT_DISPATCH_FLOATING_TYPES(grad.scalar_type(), "roi_align_backward_cpu", [&] {
    const scalar_t* go = g_out.data_ptr<scalar_t>();
    const scalar_t* roi_data = r.data_ptr<scalar_t>();
    scalar_t* gi = grad_input.data_ptr<scalar_t>();
    const int64_t bins = pooled_height * pooled_width;
    // Different RoIs scatter into the same planes, so tasks split channels, not RoIs.
    at::parallel_for(0, channels, 1, [&](int64_t c_begin, int64_t c_end) {
      for (int64_t n = 0; n < n_rois; ++n) {
        auto g = roi_geometry<scalar_t>(roi_data + 5 * n, static_cast<scalar_t>(spatial_scale),
                                        height, width, pooled_height, pooled_width,
                                        sampling_ratio, aligned);
        const int64_t per_bin = g.grid_h * g.grid_w;
        for (int64_t c = c_begin; c < c_end; ++c) {
          scalar_t* plane = gi + (g.batch * channels + c) * height * width;
          const scalar_t* gbin = go + (n * channels + c) * bins;
          const Sample<scalar_t>* s = g.samples.data();
          for (int64_t bin = 0; bin < bins; ++bin) {
            const scalar_t v = gbin[bin] / g.count;
            for (int64_t k = 0; k < per_bin; ++k, ++s) {
              plane[s->pos1] += s->w1 * v;
              plane[s->pos2] += s->w2 * v;
              plane[s->pos3] += s->w3 * v;
              plane[s->pos4] += s->w4 * v;
            }
          }
        }
      }
    });
  });
  return grad_input;
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CPU, m) {
  m.impl("roi_align", TORCH_FN(roi_align_forward_cpu));
  m.impl("_roi_align_backward", TORCH_FN(roi_align_backward_cpu));
}

}  // namespace mmdet4j::ops::cpu
