#pragma once
// Framework-free box arithmetic shared by the CPU and CUDA kernels (host and device code).

#if defined(__CUDACC__)
#define MMDET4J_HOST_DEVICE __host__ __device__ __forceinline__
#else
#define MMDET4J_HOST_DEVICE inline
#endif

namespace mmdet4j::ops::math {

template <typename T>
MMDET4J_HOST_DEVICE T max_(T a, T b) { return a > b ? a : b; }
template <typename T>
MMDET4J_HOST_DEVICE T min_(T a, T b) { return a < b ? a : b; }

// mmdetection v2's overlap of one pair of (x1, y1, x2, y2) boxes; mode 0 IoU, 1 IoF, 2 GIoU.
template <typename T>
MMDET4J_HOST_DEVICE T box_overlap(const T* a, const T* b, int mode, T eps) {
  T area1 = (a[2] - a[0]) * (a[3] - a[1]);
  T area2 = (b[2] - b[0]) * (b[3] - b[1]);
  T w = max_(min_(a[2], b[2]) - max_(a[0], b[0]), T(0));
  T h = max_(min_(a[3], b[3]) - max_(a[1], b[1]), T(0));
  T overlap = w * h;
  T uni = mode == 1 ? area1 : area1 + area2 - overlap;
  uni = max_(uni, eps);
  T iou = overlap / uni;
  if (mode != 2) return iou;
  T ew = max_(max_(a[2], b[2]) - min_(a[0], b[0]), T(0));
  T eh = max_(max_(a[3], b[3]) - min_(a[1], b[1]), T(0));
  T enclose = max_(ew * eh, eps);
  return iou - (enclose - uni) / enclose;
}

}  // namespace mmdet4j::ops::math
