// CPU kernel of mmdet4j::masked_conv2d: the masked positions' receptive fields gathered into
// columns (rows in parallel), then one GEMM (ops/masked_conv2d.cpp).

#include <ATen/Parallel.h>
#include <torch/library.h>

#include "ops/common/masked_im2col.h"
#include "ops/common/reduced_precision.h"
#include "ops/masked_conv2d.h"

namespace mmdet4j::ops::cpu {
namespace {

at::Tensor masked_conv2d_cpu(const at::Tensor& input, const at::Tensor& mask, const at::Tensor& weight,
                             const std::optional<at::Tensor>& bias, at::IntArrayRef padding, at::IntArrayRef stride) {
  const auto s = detail::check_masked_conv2d_args(input, mask, weight, bias, padding, stride);
  if (detail::is_reduced_float(input)) {
    using detail::to_compute_dtype;
    return masked_conv2d_cpu(to_compute_dtype(input), mask, to_compute_dtype(weight), to_compute_dtype(bias),
                             padding, stride)
        .to(input.scalar_type());
  }
  const auto where = detail::masked_positions(mask);
  const int64_t count = where.size(0), rows = s.channels * s.kernel_h * s.kernel_w;
  auto columns = at::empty({rows, count}, input.options());
  const auto in = input.contiguous();
  const auto g = detail::im2col_geometry(s);
  AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "masked_conv2d_cpu", [&] {
    const scalar_t* in_data = in.data_ptr<scalar_t>();
    const int64_t* at_data = where.data_ptr<int64_t>();
    scalar_t* col = columns.data_ptr<scalar_t>();
    at::parallel_for(0, rows, 16, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        for (int64_t m = 0; m < count; ++m) {
          const int64_t* p = at_data + 3 * m;
          col[r * count + m] = math::masked_im2col_value(g, in_data, r, p[0], p[1], p[2]);
        }
      }
    });
  });
  return detail::masked_conv2d_from_columns(s, columns, where, weight, bias, input.options());
}

}  // namespace

TORCH_LIBRARY_IMPL(mmdet4j, CPU, m) { m.impl("masked_conv2d", TORCH_FN(masked_conv2d_cpu)); }

}  // namespace mmdet4j::ops::cpu
