#pragma once
// A convolution followed by a batch norm, evaluated as one convolution. In evaluation a batch
// norm is a per-channel affine map, so it folds into the convolution before it:
//   w' = w * gamma / sqrt(var + eps),   b' = (b - mean) * gamma / sqrt(var + eps) + beta,
// which saves a pass over every feature map of the backbone. The folded weights live beside the
// layers, never in them: the state_dict and the checkpoints keep the trained tensors, and the fold
// is redone whenever one of them changes (a loaded checkpoint, an optimizer step, a move to
// another device), so a model switched between training and evaluation stays right.

#include <torch/torch.h>

#include <memory>

namespace mmdet4j::models {

class ConvBnFold {
 public:
  ConvBnFold();
  // bn(conv(x)). Folded when the norm is in evaluation mode with running statistics, autograd is
  // not recording, the convolution pads with zeros, and folding is not switched off on this
  // thread; otherwise the two layers as they are.
  torch::Tensor forward(torch::nn::Conv2dImpl& conv, torch::nn::BatchNorm2dImpl& bn, const torch::Tensor& x);

 private:
  struct Cache;
  std::shared_ptr<Cache> cache_;
};

// While one exists, evaluation on this thread runs batch norms unfolded (for comparisons).
class NoBatchNormFolding {
 public:
  NoBatchNormFolding();
  ~NoBatchNormFolding();
  NoBatchNormFolding(const NoBatchNormFolding&) = delete;
  NoBatchNormFolding& operator=(const NoBatchNormFolding&) = delete;

 private:
  bool previous_;
};

}  // namespace mmdet4j::models
