#include "models/detectors/two_stage.h"

#include <ATen/CPUGeneratorImpl.h>

#include "registry/registry.h"

namespace mmdet4j::models {

namespace {

// Ground truths without area cannot be regression targets (their log-size deltas are infinite)
// and are dropped, with their masks; mmdetection's datasets drop them while loading.
std::vector<GroundTruth> without_degenerate_boxes(const std::vector<GroundTruth>& gts) {
  std::vector<GroundTruth> kept;
  for (const auto& g : gts) {
    if (g.boxes.size(0) == 0) {
      kept.push_back(g);
      continue;
    }
    auto ok = torch::nonzero((g.boxes.select(1, 2) > g.boxes.select(1, 0)) & (g.boxes.select(1, 3) > g.boxes.select(1, 1)))
                  .squeeze(1);
    kept.push_back({g.boxes.index_select(0, ok), g.labels.index_select(0, ok),
                    g.masks.defined() ? g.masks.index_select(0, ok) : g.masks});
  }
  return kept;
}

// Whether the head that `head` configures makes proposals. It is built without settings first, so
// that a head of the wrong kind is named as such rather than by an error about settings meant for
// an RPN; the random generator is restored so that the model's initial weights do not change.
bool is_proposal_head(const Options& head) {
  auto generator = at::detail::getDefaultCPUGenerator();
  const auto state = generator.get_state();
  const auto probe = build<DenseHead>("head", head, "RPNHead", Options(), Options());
  const bool proposes = std::dynamic_pointer_cast<RPNHeadImpl>(probe) != nullptr;
  generator.set_state(state);
  return proposes;
}

}  // namespace

Schema TwoStageDetectorImpl::schema() {
  return detector_schema()
      .components("neck", "neck", true, "maps the backbone's features to the heads': a neck or a list applied in order")
      .component("rpn_head", "head", "RPNHead: proposals")
      .component("roi_head", "head", "StandardRoIHead: box (and mask) branch on the proposals");
}

TwoStageDetectorImpl::TwoStageDetectorImpl(const Options& given) {
  static const Schema own_schema = schema();
  const auto model = given.checked_by(own_schema, "TwoStageDetector");
  const auto type = model.get_string("type", "FasterRCNN");
  model.require_none("init_cfg", "only None is supported natively");
  backbone = register_module("backbone", build<Backbone>("backbone", model.sub("backbone"), ""));
  neck = register_module("neck", build_neck(model, "neck", *backbone));
  TORCH_CHECK(is_proposal_head(model.sub("rpn_head")), model.path_of("rpn_head.type"), ": expected 'RPNHead' (", type,
              " needs a proposal head), got '", model.get_string("rpn_head.type", ""), "'");
  rpn_head = register_module("rpn_head", std::dynamic_pointer_cast<RPNHeadImpl>(build<DenseHead>(
                                             "head", model.sub("rpn_head"), "RPNHead", model.sub("train_cfg.rpn"),
                                             model.sub("test_cfg.rpn"))));
  roi_head = register_module("roi_head", build<RoIHead>("head", model.sub("roi_head"), "StandardRoIHead",
                                                         model.sub("train_cfg.rcnn"), model.sub("test_cfg.rcnn")));
  TORCH_CHECK(type != "MaskRCNN" || roi_head->with_mask(), model.path_of("roi_head.mask_head"),
              ": MaskRCNN needs a mask_head (FCNMaskHead)");
  TORCH_CHECK(type != "FasterRCNN" || !roi_head->with_mask(), model.path_of("roi_head.mask_head"),
              ": FasterRCNN has no mask branch; use type MaskRCNN for a model with a mask_head");
  // Without rpn_proposal, training proposals follow test_cfg.rpn, as in mmdetection's RPNHead.
  train_proposals_ = ProposalOptions::from(model.sub(model.has("train_cfg.rpn_proposal") ? "train_cfg.rpn_proposal"
                                                                                          : "test_cfg.rpn"));
  test_proposals_ = ProposalOptions::from(model.sub("test_cfg.rpn"));
  channels_last_ = model.get_bool("channels_last");
  if (channels_last_) to_channels_last(*this);
}

std::vector<torch::Tensor> TwoStageDetectorImpl::extract_feat(const torch::Tensor& images) {
  return neck->forward(backbone->forward(channels_last_ ? images.contiguous(at::MemoryFormat::ChannelsLast) : images));
}

std::map<std::string, torch::Tensor> TwoStageDetectorImpl::forward_train(const torch::Tensor& images,
                                                                         const std::vector<GroundTruth>& all_gts,
                                                                         const std::vector<ImageMeta>& metas) {
  const auto gts = without_degenerate_boxes(all_gts);
  auto features = extract_feat(images);
  auto [cls, reg] = rpn_head->predict(features);
  auto losses = rpn_head->rpn_loss(cls, reg, gts, metas);
  auto proposals = rpn_head->get_proposals(cls, reg, metas, train_proposals_);
  for (auto& [name, value] : roi_head->forward_train(features, proposals, gts)) losses[name] = value;
  return losses;
}

std::vector<Detections> TwoStageDetectorImpl::simple_test(const torch::Tensor& images,
                                                          const std::vector<ImageMeta>& metas, bool rescale) {
  auto features = extract_feat(images);
  auto [cls, reg] = rpn_head->predict(features);
  return roi_head->simple_test(features, rpn_head->get_proposals(cls, reg, metas, test_proposals_), metas, rescale);
}

namespace {

std::shared_ptr<DetectorModule> make(const Options& model) { return std::make_shared<TwoStageDetectorImpl>(model); }

const Registrar<DetectorModule> kFasterRCNN("detector", "FasterRCNN", TwoStageDetectorImpl::schema(),
                                            "Faster R-CNN (Ren et al. 2015): RPN proposals, then a RoI box head",
                                            make);
const Registrar<DetectorModule> kMaskRCNN("detector", "MaskRCNN", TwoStageDetectorImpl::schema(),
                                          "Mask R-CNN (He et al. 2017): Faster R-CNN with a RoI mask head", make);

}  // namespace

}  // namespace mmdet4j::models
