#pragma once
// The tensor type of mmdet4j's C++ facade: the only C++ surface that the JavaCPP-generated JNI
// code sees. It includes no ATen or torch header (pimpl), so the JNI glue compiles in about a
// second and does not depend on LibTorch's headers.

#include <cstdint>
#include <memory>

namespace mmdet4j::api {

// Element types that cross the Java boundary. Values are part of the Java binding: keep them.
enum DType : int32_t { kFloat32 = 0, kFloat64 = 1, kInt64 = 2, kInt32 = 3, kUInt8 = 4 };

// A reference-counted handle on a LibTorch tensor (copies share storage, like at::Tensor).
class Tensor {
 public:
  Tensor();
  Tensor(const Tensor& other);
  Tensor& operator=(const Tensor& other);
  ~Tensor();

  // New CPU tensors holding a copy of `data` (prod(shape) elements, row-major).
  static Tensor fromFloat32(const float* data, const int64_t* shape, int32_t ndim);
  static Tensor fromFloat64(const double* data, const int64_t* shape, int32_t ndim);
  static Tensor fromInt64(const int64_t* data, const int64_t* shape, int32_t ndim);
  static Tensor fromInt32(const int32_t* data, const int64_t* shape, int32_t ndim);
  static Tensor fromUInt8(const uint8_t* data, const int64_t* shape, int32_t ndim);

  bool defined() const;
  int32_t dim() const;
  int64_t size(int32_t d) const;
  int64_t numel() const;
  int32_t dtype() const;

  // Copy the elements (row-major) into `dst`, which holds `capacity` elements; the dtype must
  // match and capacity must be at least numel().
  void copyToFloat32(float* dst, int64_t capacity) const;
  void copyToFloat64(double* dst, int64_t capacity) const;
  void copyToInt64(int64_t* dst, int64_t capacity) const;
  void copyToInt32(int32_t* dst, int64_t capacity) const;
  void copyToUInt8(uint8_t* dst, int64_t capacity) const;

  struct Impl;  // holds the at::Tensor; defined in native/api/tensor_impl.h
  explicit Tensor(std::shared_ptr<Impl> impl);
  const std::shared_ptr<Impl>& impl() const { return impl_; }

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace mmdet4j::api
