#include "models/dense_heads/face_heads.h"

#include "registry/registry.h"

namespace mmdet4j::models {

namespace nn = torch::nn;

namespace {

// The authors' per-level 1x1 predictor, registered as "conv1x1" inside a module of its own.
struct Conv1x1Impl : nn::Module {
  Conv1x1Impl(int64_t in, int64_t out) { conv = register_module("conv1x1", nn::Conv2d(nn::Conv2dOptions(in, out, 1))); }
  torch::Tensor forward(const torch::Tensor& x) { return conv(x); }
  nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Conv1x1);

// Each level's layer (of type Layer) applied to its feature map.
template <typename Layer>
std::vector<torch::Tensor> each_level(nn::ModuleList& layers, const std::vector<torch::Tensor>& features) {
  TORCH_CHECK(features.size() == layers->size(), "face head: ", features.size(), " levels, expected ", layers->size());
  std::vector<torch::Tensor> out;
  for (size_t l = 0; l < features.size(); ++l) out.push_back(layers[l]->as<Layer>()->forward(features[l]));
  return out;
}

}  // namespace

Schema RetinaFaceHeadImpl::schema() {
  return MultiBoxHead::base_schema()
      .optional("in_channels", ParamType::kInt, 64, "channels of every input level (the neck's out_channels)")
      .optional("num_landmarks", ParamType::kInt, 5, "landmarks per face: five (eyes, nose, mouth corners)")
      .optional("landmark_weight", ParamType::kFloat, 1.0, "weight of the landmark loss")
      .set_default("prior_box", {{"min_sizes", {{16, 32}, {64, 128}, {256, 512}}}, {"steps", {8, 16, 32}}});
}

namespace {

int64_t checked_landmarks(const Options& head) {
  const int64_t k = head.get_int("num_landmarks");
  // The data formats (RetinaFace's label files, the pipeline's keypoints) carry five points.
  TORCH_CHECK(k == 5, head.path_of("num_landmarks"), ": RetinaFace predicts five landmarks (eyes, nose, mouth "
              "corners), got ", k);
  return k;
}

}  // namespace

RetinaFaceHeadImpl::RetinaFaceHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : MultiBoxHead(head, train_cfg, test_cfg, checked_landmarks(head), head.get_double("landmark_weight")),
      in_channels_(head.get_int("in_channels")) {
  TORCH_CHECK(in_channels_ > 0, head.path_of("in_channels"), ": must be positive");
  for (int64_t l = 0; l < prior_box().num_levels(); ++l) {
    const int64_t a = prior_box().num_priors(l);
    class_heads->push_back(Conv1x1(in_channels_, a * cls_channels()));
    bbox_heads->push_back(Conv1x1(in_channels_, a * 4));
    landmark_heads->push_back(Conv1x1(in_channels_, a * 2 * num_landmarks()));
  }
  register_module("ClassHead", class_heads);
  register_module("BboxHead", bbox_heads);
  register_module("LandmarkHead", landmark_heads);
}

MultiBoxHead::LevelOutputs RetinaFaceHeadImpl::predict(const std::vector<torch::Tensor>& features) {
  return {each_level<Conv1x1Impl>(class_heads, features), each_level<Conv1x1Impl>(bbox_heads, features),
          each_level<Conv1x1Impl>(landmark_heads, features)};
}

Schema FaceBoxesHeadImpl::schema() {
  return MultiBoxHead::base_schema()
      .optional("in_channels", ParamType::kIntList, {128, 256, 256}, "channels of each input level")
      .set_default("prior_box", {{"min_sizes", {{32, 64, 128}, {256}, {512}}},
                                 {"steps", {32, 64, 128}},
                                 {"densities", {{4, 2, 1}, {1}, {1}}}});
}

FaceBoxesHeadImpl::FaceBoxesHeadImpl(const Options& head, const Options& train_cfg, const Options& test_cfg)
    : MultiBoxHead(head, train_cfg, test_cfg, 0, 0.0), in_channels_(head.get_int_list("in_channels")) {
  TORCH_CHECK(static_cast<int64_t>(in_channels_.size()) == prior_box().num_levels(), head.path_of("in_channels"),
              ": ", in_channels_.size(), " levels but prior_box has ", prior_box().num_levels());
  for (int64_t l = 0; l < prior_box().num_levels(); ++l) {
    const int64_t a = prior_box().num_priors(l);
    loc->push_back(nn::Conv2d(nn::Conv2dOptions(in_channels_[l], a * 4, 3).padding(1)));
    conf->push_back(nn::Conv2d(nn::Conv2dOptions(in_channels_[l], a * cls_channels(), 3).padding(1)));
  }
  register_module("loc", loc);
  register_module("conf", conf);
  torch::NoGradGuard no_grad;
  for (auto* list : {&loc, &conf}) {
    for (auto& m : **list) {
      auto* c = m->as<nn::Conv2d>();
      nn::init::xavier_normal_(c->weight);
      c->bias.fill_(0.02);
    }
  }
}

MultiBoxHead::LevelOutputs FaceBoxesHeadImpl::predict(const std::vector<torch::Tensor>& features) {
  return {each_level<nn::Conv2dImpl>(conf, features), each_level<nn::Conv2dImpl>(loc, features), {}};
}

namespace {

const Registrar<DenseHead, Options, Options> kRetinaFaceHead(
    "head", "RetinaFaceHead", RetinaFaceHeadImpl::schema(),
    "RetinaFace's head: per level 1x1 convs for softmax face scores, box deltas and five landmarks' deltas",
    [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
      return std::make_shared<RetinaFaceHeadImpl>(head, train_cfg, test_cfg);
    });

const Registrar<DenseHead, Options, Options> kFaceBoxesHead(
    "head", "FaceBoxesHead", FaceBoxesHeadImpl::schema(),
    "FaceBoxes' head: per level 3x3 convs for box deltas and softmax scores, over densified priors",
    [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
      return std::make_shared<FaceBoxesHeadImpl>(head, train_cfg, test_cfg);
    });

}  // namespace

}  // namespace mmdet4j::models
