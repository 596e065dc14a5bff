// CPU kernels of mmdet4j::roi_pool and its backward (torchvision's arithmetic).

#include <ATen/Parallel.h>
#include <torch/library.h>

#include <cfloat>
#include <cmath>

#include "ops/common/reduced_precision.h"
#include "ops/roi_pool.h"

namespace mmdet4j::ops::cpu {
namespace {

std::tuple<at::Tensor, at::Tensor> roi_pool_forward_cpu(const at::Tensor& input,
                                                        const at::Tensor& rois,
                                                        double spatial_scale,
                                                        int64_t pooled_height,
                                                        int64_t pooled_width) {
  detail::check_roi_pool_args(input, rois, spatial_scale, pooled_height, pooled_width);
  if (detail::is_reduced_float(input)) {
    auto [output, argmax] = roi_pool_forward_cpu(detail::to_compute_dtype(input), detail::to_compute_dtype(rois),
                                                 spatial_scale, pooled_height, pooled_width);
    return {output.to(input.scalar_type()), argmax};
  }
  const int64_t n_rois = rois.size(0), channels = input.size(1);
  const int64_t height = input.size(2), width = input.size(3);
  auto output = at::zeros({n_rois, channels, pooled_height, pooled_width}, input.options());
  auto argmax = at::full({n_rois, channels, pooled_height, pooled_width}, -1,
                         input.options().dtype(at::kLong));
  if (output.numel() == 0) return {output, argmax};
  auto in = input.contiguous();
  auto r = rois.contiguous();
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "roi_pool_forward_cpu", [&] {
    const scalar_t* in_data = in.data_ptr<scalar_t>();
    const scalar_t* roi_data = r.data_ptr<scalar_t>();
    scalar_t* out_data = output.data_ptr<scalar_t>();
    int64_t* arg_data = argmax.data_ptr<int64_t>();
    at::parallel_for(0, n_rois, 1, [&](int64_t begin, int64_t end) {
      for (int64_t n = begin; n < end; ++n) {
        const scalar_t* roi = roi_data + 5 * n;
        const int64_t batch = static_cast<int64_t>(roi[0]);
        const int64_t start_w = std::round(roi[1] * spatial_scale);
        const int64_t start_h = std::round(roi[2] * spatial_scale);
        const int64_t end_w = std::round(roi[3] * spatial_scale);
        const int64_t end_h = std::round(roi[4] * spatial_scale);
        const int64_t roi_w = std::max<int64_t>(end_w - start_w + 1, 1);
        const int64_t roi_h = std::max<int64_t>(end_h - start_h + 1, 1);
        const scalar_t bin_h = static_cast<scalar_t>(roi_h) / static_cast<scalar_t>(pooled_height);
        const scalar_t bin_w = static_cast<scalar_t>(roi_w) / static_cast<scalar_t>(pooled_width);
        for (int64_t ph = 0; ph < pooled_height; ++ph) {
          int64_t hstart = static_cast<int64_t>(std::floor(static_cast<scalar_t>(ph) * bin_h));
          int64_t hend = static_cast<int64_t>(std::ceil(static_cast<scalar_t>(ph + 1) * bin_h));
          hstart = std::min(std::max<int64_t>(hstart + start_h, 0), height);
          hend = std::min(std::max<int64_t>(hend + start_h, 0), height);
          for (int64_t pw = 0; pw < pooled_width; ++pw) {
            int64_t wstart = static_cast<int64_t>(std::floor(static_cast<scalar_t>(pw) * bin_w));
            int64_t wend = static_cast<int64_t>(std::ceil(static_cast<scalar_t>(pw + 1) * bin_w));
            wstart = std::min(std::max<int64_t>(wstart + start_w, 0), width);
            wend = std::min(std::max<int64_t>(wend + start_w, 0), width);
            const bool empty = hend <= hstart || wend <= wstart;
            for (int64_t c = 0; c < channels; ++c) {
              const scalar_t* plane = in_data + (batch * channels + c) * height * width;
              scalar_t best = empty ? 0 : -FLT_MAX;
              int64_t best_index = -1;
              for (int64_t h = hstart; h < hend; ++h) {
                for (int64_t w = wstart; w < wend; ++w) {
                  const int64_t index = h * width + w;
                  if (plane[index] > best) {
                    best = plane[index];
                    best_index = index;
                  }
                }
              }
              const int64_t o = ((n * channels + c) * pooled_height + ph) * pooled_width + pw;
              out_data[o] = best;
              arg_data[o] = best_index;
            }
          }
        }
      }
    });
  });
  return {output, argmax};
}

at::Tensor roi_pool_backward_cpu(const at::Tensor& grad, const at::Tensor& rois,
                                 const at::Tensor& argmax, double spatial_scale,
                                 int64_t pooled_height, int64_t pooled_width, int64_t batch_size,
                                 int64_t channels, int64_t height, int64_t width) {
  detail::check_roi_pool_backward_args(grad, rois, argmax, batch_size, channels);
  if (detail::is_reduced_float(grad)) {
    return roi_pool_backward_cpu(detail::to_compute_dtype(grad), detail::to_compute_dtype(rois), argmax, spatial_scale,
                                 pooled_height, pooled_width, batch_size, channels, height, width)
        .to(grad.scalar_type());
  }
  auto grad_input = at::zeros({batch_size, channels, height, width}, grad.options());
  if (grad.numel() == 0) return grad_input;
  auto g = grad.contiguous();
  auto a = argmax.contiguous();
  auto r = rois.contiguous();
  const int64_t n_rois = rois.size(0), bins = pooled_height * pooled_width;
  AT_DISPATCH_FLOATING_TYPES(grad.scalar_type(), "roi_pool_backward_cpu", [&] {
    const scalar_t* go = g.data_ptr<scalar_t>();
    const int64_t* am = a.data_ptr<int64_t>();
    const scalar_t* roi_data = r.data_ptr<scalar_t>();
    scalar_t* gi = grad_input.data_ptr<scalar_t>();
    // RoIs scatter into shared planes: split the work by channel.
    at::parallel_for(0, channels, 1, [&](int64_t c_begin, int64_t c_end) {
      for (int64_t n = 0; n < n_rois; ++n) {
        const int64_t batch = static_cast<int64_t>(roi_data[5 * n]);
        for (int64_t c = c_begin; c < c_end; ++c) {
          scalar_t* plane = gi + (batch * channels + c) * height * width;
          const int64_t o = (n * channels + c) * bins;
          for (int64_t k = 0; k < bins; ++k) {
            const int64_t index = am[o + k];
            TORCH_CHECK(index < height * width, "roi_pool_backward: argmax ", index,
                        " outside the ", height, "x", width, " input");
            if (index >= 0) plane[index] += go[o + k];
          }
        }
      }
    });
  });
  return grad_input;
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CPU, m) {
  m.impl("roi_pool", TORCH_FN(roi_pool_forward_cpu));
  m.impl("_roi_pool_backward", TORCH_FN(roi_pool_backward_cpu));
}

}  // namespace mmdet4j::ops::cpu
