#include "models/detectors/retinanet.h"

namespace mmdet4j::models {

RetinaNetImpl::RetinaNetImpl(const Options& model) {
  const auto backbone_type = model.get_string("backbone.type", "ResNet");
  TORCH_CHECK(backbone_type == "ResNet" || backbone_type == "ResNeXt", "RetinaNet: unsupported backbone '",
              backbone_type, "'");
  TORCH_CHECK(model.get_string("neck.type", "FPN") == "FPN", "RetinaNet: unsupported neck '",
              model.get_string("neck.type", ""), "'");
  TORCH_CHECK(model.get_string("bbox_head.type", "RetinaHead") == "RetinaHead", "RetinaNet: unsupported head '",
              model.get_string("bbox_head.type", ""), "'");
  backbone = register_module("backbone", ResNet(ResNetOptions::from(model.sub("backbone"))));
  auto neck_options = FPNOptions::from(model.sub("neck"));
  if (neck_options.in_channels.empty()) neck_options.in_channels = backbone->out_channels();
  neck = register_module("neck", FPN(neck_options));
  bbox_head = register_module("bbox_head", RetinaHead(model.sub("bbox_head"), model.sub("train_cfg"),
                                                      model.sub("test_cfg")));
  channels_last_ = model.get_bool("channels_last", true);
  if (channels_last_) to_channels_last(*this);
}

std::vector<torch::Tensor> RetinaNetImpl::extract_feat(const torch::Tensor& images) {
  return neck->forward(backbone->forward(
      channels_last_ ? images.contiguous(at::MemoryFormat::ChannelsLast) : images));
}

std::map<std::string, torch::Tensor> RetinaNetImpl::forward_train(const torch::Tensor& images,
                                                                  const std::vector<GroundTruth>& gts,
                                                                  const std::vector<ImageMeta>& metas) {
  auto [cls, reg] = bbox_head->forward(extract_feat(images));
  return bbox_head->loss(cls, reg, gts, metas);
}

std::vector<Detections> RetinaNetImpl::simple_test(const torch::Tensor& images, const std::vector<ImageMeta>& metas,
                                                   bool rescale) {
  auto [cls, reg] = bbox_head->forward(extract_feat(images));
  return bbox_head->get_bboxes(cls, reg, metas, rescale);
}

}  // namespace mmdet4j::models
