#pragma once
// Framework-free focal-loss arithmetic shared by the CPU and CUDA kernels.

#include <cmath>

#include "ops/common/box_math.h"

namespace mmdet4j::ops::math {

// Math in T's own precision: CUDA's global overloads on the device, std:: on the host (the
// global C functions would compute float in double).
#if defined(__CUDA_ARCH__)
template <typename T> __device__ __forceinline__ T exp_(T x) { return ::exp(x); }
template <typename T> __device__ __forceinline__ T log1p_(T x) { return ::log1p(x); }
template <typename T> __device__ __forceinline__ T abs_(T x) { return ::fabs(x); }
template <typename T> __device__ __forceinline__ T pow_(T x, T y) { return ::pow(x, y); }
#else
template <typename T> inline T exp_(T x) { return std::exp(x); }
template <typename T> inline T log1p_(T x) { return std::log1p(x); }
template <typename T> inline T abs_(T x) { return std::fabs(x); }
template <typename T> inline T pow_(T x, T y) { return std::pow(x, y); }
#endif

// x^gamma, with the common gamma = 2 as a product.
template <typename T>
MMDET4J_HOST_DEVICE T power(T x, T gamma) {
  return gamma == T(2) ? x * x : pow_(x, gamma);
}

// log(sigmoid(x)) without overflow: min(x, 0) - log1p(exp(-|x|)).
template <typename T>
MMDET4J_HOST_DEVICE T log_sigmoid(T x) {
  return min_(x, T(0)) - log1p_(exp_(-abs_(x)));
}

template <typename T>
MMDET4J_HOST_DEVICE T sigmoid(T x) {
  return T(1) / (T(1) + exp_(-x));
}

// Loss of one logit; `positive` when the column is the sample's target class.
template <typename T>
MMDET4J_HOST_DEVICE T focal_loss(T x, bool positive, T gamma, T alpha) {
  const T p = sigmoid(x);
  if (positive) return -alpha * power(T(1) - p, gamma) * log_sigmoid(x);
  return -(T(1) - alpha) * power(p, gamma) * log_sigmoid(-x);
}

// d loss / d x.  With log p = ls(x) and log(1-p) = ls(-x):
//   positive:  alpha * (1-p)^gamma * (gamma * p * log p - (1 - p))
//   negative:  (1-alpha) * p^gamma * (p - gamma * (1 - p) * log(1 - p))
template <typename T>
MMDET4J_HOST_DEVICE T focal_loss_grad(T x, bool positive, T gamma, T alpha) {
  const T p = sigmoid(x);
  const T q = T(1) - p;
  if (positive) return alpha * power(q, gamma) * (gamma * p * log_sigmoid(x) - q);
  return (T(1) - alpha) * power(p, gamma) * (p - gamma * q * log_sigmoid(-x));
}

}  // namespace mmdet4j::ops::math
