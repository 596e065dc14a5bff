#include "api/tensor_impl.h"

#include <cstring>
#include <string>

namespace mmdet4j::api {
namespace {

at::ScalarType to_scalar_type(int32_t dtype) {
  switch (dtype) {
    case kFloat32: return at::kFloat;
    case kFloat64: return at::kDouble;
    case kInt64: return at::kLong;
    case kInt32: return at::kInt;
    case kUInt8: return at::kByte;
  }
  throw std::invalid_argument("unknown dtype code " + std::to_string(dtype));
}

int32_t to_dtype(at::ScalarType type) {
  switch (type) {
    case at::kFloat: return kFloat32;
    case at::kDouble: return kFloat64;
    case at::kLong: return kInt64;
    case at::kInt: return kInt32;
    case at::kByte: return kUInt8;
    default: throw std::invalid_argument(std::string("tensor dtype ") + c10::toString(type) +
                                         " has no Java counterpart");
  }
}

Tensor copy_from(const void* data, const int64_t* shape, int32_t ndim, int32_t dtype) {
  return guarded([&] {
    TORCH_CHECK(ndim >= 0, "tensor rank must be >= 0, got ", ndim);
    std::vector<int64_t> sizes(shape, shape + ndim);
    for (int64_t s : sizes) TORCH_CHECK(s >= 0, "negative dimension in shape ", sizes);
    auto t = at::empty(sizes, at::TensorOptions().dtype(to_scalar_type(dtype)));
    if (t.numel() > 0) {
      TORCH_CHECK(data != nullptr, "null data for a tensor of shape ", sizes);
      std::memcpy(t.data_ptr(), data, t.nbytes());
    }
    return wrap(t);
  });
}

void copy_to(const Tensor& self, void* dst, int64_t capacity, int32_t dtype) {
  guarded([&] {
    const at::Tensor& t = unwrap(self);
    TORCH_CHECK(t.defined(), "copy from an undefined tensor");
    TORCH_CHECK(to_dtype(t.scalar_type()) == dtype, "tensor has dtype ", t.scalar_type(),
                ", not the requested ", to_scalar_type(dtype));
    TORCH_CHECK(capacity >= t.numel(), "destination holds ", capacity, " elements but the tensor has ",
                t.numel());
    auto src = t.to(at::kCPU).contiguous();
    if (src.numel() > 0) std::memcpy(dst, src.data_ptr(), src.nbytes());
  });
}

}  // namespace

Tensor::Tensor() = default;
Tensor::Tensor(const Tensor& other) = default;
Tensor& Tensor::operator=(const Tensor& other) = default;
Tensor::~Tensor() = default;
Tensor::Tensor(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Tensor Tensor::fromFloat32(const float* d, const int64_t* s, int32_t n) { return copy_from(d, s, n, kFloat32); }
Tensor Tensor::fromFloat64(const double* d, const int64_t* s, int32_t n) { return copy_from(d, s, n, kFloat64); }
Tensor Tensor::fromInt64(const int64_t* d, const int64_t* s, int32_t n) { return copy_from(d, s, n, kInt64); }
Tensor Tensor::fromInt32(const int32_t* d, const int64_t* s, int32_t n) { return copy_from(d, s, n, kInt32); }
Tensor Tensor::fromUInt8(const uint8_t* d, const int64_t* s, int32_t n) { return copy_from(d, s, n, kUInt8); }

bool Tensor::defined() const { return unwrap(*this).defined(); }
int32_t Tensor::dim() const { return defined() ? static_cast<int32_t>(unwrap(*this).dim()) : 0; }
int64_t Tensor::numel() const { return defined() ? unwrap(*this).numel() : 0; }
int64_t Tensor::size(int32_t d) const {
  return guarded([&] {
    TORCH_CHECK(defined(), "size() of an undefined tensor");
    return unwrap(*this).size(d);
  });
}
int32_t Tensor::dtype() const {
  return guarded([&] {
    TORCH_CHECK(defined(), "dtype() of an undefined tensor");
    return to_dtype(unwrap(*this).scalar_type());
  });
}

void Tensor::copyToFloat32(float* d, int64_t c) const { copy_to(*this, d, c, kFloat32); }
void Tensor::copyToFloat64(double* d, int64_t c) const { copy_to(*this, d, c, kFloat64); }
void Tensor::copyToInt64(int64_t* d, int64_t c) const { copy_to(*this, d, c, kInt64); }
void Tensor::copyToInt32(int32_t* d, int64_t c) const { copy_to(*this, d, c, kInt32); }
void Tensor::copyToUInt8(uint8_t* d, int64_t c) const { copy_to(*this, d, c, kUInt8); }

}  // namespace mmdet4j::api
