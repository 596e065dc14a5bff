#pragma once
// Framework-free focal-loss arithmetic shared by the CPU and CUDA kernels.

#include <cmath>

#include "ops/common/box_math.h"

namespace mmdet4j::ops::math {

// log(sigmoid(x)) without overflow: min(x, 0) - log1p(exp(-|x|)).
template <typename T>
MMDET4J_HOST_DEVICE T log_sigmoid(T x) {
  return min_(x, T(0)) - ::log1p(::exp(-::fabs(x)));
}

template <typename T>
MMDET4J_HOST_DEVICE T sigmoid(T x) {
  return T(1) / (T(1) + ::exp(-x));
}

// Loss of one logit; `positive` when the column is the sample's target class.
template <typename T>
MMDET4J_HOST_DEVICE T focal_loss(T x, bool positive, T gamma, T alpha) {
  const T p = sigmoid(x);
  if (positive) return -alpha * ::pow(T(1) - p, gamma) * log_sigmoid(x);
  return -(T(1) - alpha) * ::pow(p, gamma) * log_sigmoid(-x);
}

// d loss / d x.  With log p = ls(x) and log(1-p) = ls(-x):
//   positive:  alpha * (1-p)^gamma * (gamma * p * log p - (1 - p))
//   negative:  (1-alpha) * p^gamma * (p - gamma * (1 - p) * log(1 - p))
template <typename T>
MMDET4J_HOST_DEVICE T focal_loss_grad(T x, bool positive, T gamma, T alpha) {
  const T p = sigmoid(x);
  const T q = T(1) - p;
  if (positive) return alpha * ::pow(q, gamma) * (gamma * p * log_sigmoid(x) - q);
  return (T(1) - alpha) * ::pow(p, gamma) * (p - gamma * q * log_sigmoid(-x));
}

}  // namespace mmdet4j::ops::math
