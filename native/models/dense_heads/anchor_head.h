#pragma once
// mmdetection v2's AnchorHead: what every anchor-based dense head shares. A subclass builds its
// layers and implements predict(); this class owns the anchors, the training targets (assigner,
// sampler, coder), the losses and the test-time top-k / decode / multiclass NMS.
//
// Classification is by sigmoid (num_classes logits per anchor; background is "no class"), as in
// RetinaNet and the RPN, or by softmax over num_classes + 1 logits with the background last (SSD,
// whose head computes its own losses: see the second constructor). Sampling follows mmdetection:
// heads trained with a focal loss use every anchor (PseudoSampler, losses averaged over the
// positives); others sample with train_cfg.sampler and average over the sampled anchors.
//
// A new anchor head is one source pair: derive, declare the schema as AnchorHead::schema() plus
// its own keys, build the layers, implement predict(), and register it in registry "head":
//
//   const Registrar<DenseHead, Options, Options> kMyHead("head", "MyHead", MyHead::schema(), "doc",
//       [](const Options& head, const Options& train_cfg, const Options& test_cfg) {
//         return std::make_shared<MyHead>(head, train_cfg, test_cfg);
//       });

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/anchor/anchor_generator.h"
#include "core/bbox/assigners/base_assigner.h"
#include "core/bbox/coder/base_bbox_coder.h"
#include "core/bbox/samplers/base_sampler.h"
#include "core/options.h"
#include "models/dense_heads/anchor_targets.h"
#include "models/dense_heads/dense_head.h"
#include "models/losses/loss.h"
#include "registry/schema.h"

namespace mmdet4j::models {

class AnchorHead : public DenseHead {
 public:
  // AnchorHead's keys with mmdetection v2's defaults; subclasses include() it. A head whose class
  // count is fixed (RPNHead: one objectness score) includes base_schema(), without num_classes.
  static Schema schema();
  static Schema base_schema();
  // The keys every anchor head has (anchor_generator, bbox_coder, reg_decoded_bbox, train_cfg,
  // test_cfg), for heads whose other keys differ (SSDHead).
  static Schema anchor_schema();
  // The head's train_cfg and test_cfg (the detector's train_cfg and test_cfg).
  static const Schema& train_schema();
  static const Schema& test_schema();

  // A single-stage detector's test_cfg as every dense head reads it (AnchorFreeHead too).
  struct TestSettings {
    int64_t nms_pre;
    double min_bbox_size, score_thr, iou_threshold;
    int64_t max_per_img;
    // test_cfg checked against test_schema(); `owner` names the head in messages.
    static TestSettings from(const Options& test_cfg, const std::string& owner);
  };

  // head: options checked against the subclass's schema; train_cfg may be empty (testing only).
  AnchorHead(const Options& head, const Options& train_cfg, const Options& test_cfg);
  // For proposal heads (RPNHead): their schema has no num_classes (base_schema()), and they read
  // test_cfg themselves (their proposal settings), so test_schema() does not apply.
  AnchorHead(const Options& head, const Options& train_cfg, const Options& test_cfg, int64_t num_classes);

  // Per level: classification logits (N, A * num_classes, H, W) and box deltas (N, A * 4, H, W).
  virtual std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> predict(
      const std::vector<torch::Tensor>& features) = 0;

  std::map<std::string, torch::Tensor> forward_train(const std::vector<torch::Tensor>& features,
                                                     const std::vector<GroundTruth>& gts,
                                                     const std::vector<ImageMeta>& metas) override;
  std::vector<Detections> simple_test(const std::vector<torch::Tensor>& features,
                                      const std::vector<ImageMeta>& metas, bool rescale) override;
  int64_t num_classes() const override { return num_classes_; }
  std::vector<int64_t> expected_channels() const override;

  std::map<std::string, torch::Tensor> loss(const std::vector<torch::Tensor>& cls_scores,
                                            const std::vector<torch::Tensor>& bbox_preds,
                                            const std::vector<GroundTruth>& gts,
                                            const std::vector<ImageMeta>& metas) const;
  std::vector<Detections> get_bboxes(const std::vector<torch::Tensor>& cls_scores,
                                     const std::vector<torch::Tensor>& bbox_preds,
                                     const std::vector<ImageMeta>& metas, bool rescale) const;

 protected:
  // A head with softmax classification and losses of its own (SSDHead): reads anchor_generator,
  // bbox_coder, reg_decoded_bbox and test_cfg from `head` (no in_channels, feat_channels or loss
  // components: the subclass reads what its schema has), then the subclass reads its own train_cfg
  // and calls train_with(), and overrides losses().
  struct SoftmaxWithOwnLosses {};
  AnchorHead(const Options& head, const Options& test_cfg, int64_t num_classes, SoftmaxWithOwnLosses);
  void train_with(std::shared_ptr<core::Assigner> assigner, std::shared_ptr<core::Sampler> sampler,
                  int64_t allowed_border, double pos_weight);

  // The losses from the flattened predictions and their targets: cls (N, T, cls_out_channels())
  // logits, reg (N, T, 4) deltas, anchors (T, 4) of all levels, targets of the N images
  // concatenated. The default applies loss_cls and loss_bbox.
  virtual std::map<std::string, torch::Tensor> losses(const torch::Tensor& cls, const torch::Tensor& reg,
                                                      const torch::Tensor& anchors, const AnchorTargets& targets) const;

  // Positives are trained as class 0 whatever their ground truth's label (RPN objectness).
  void use_class_agnostic_targets() { use_gt_labels_ = false; }
  const core::AnchorGenerator& anchor_generator() const { return *anchors_; }
  const core::BBoxCoder& bbox_coder() const { return *coder_; }
  int64_t num_anchors() const { return anchors_->num_base_anchors(); }
  int64_t in_channels() const { return in_channels_; }
  int64_t feat_channels() const { return feat_channels_; }
  bool reg_decoded_bbox() const { return reg_decoded_bbox_; }
  // Logits per anchor: num_classes (sigmoid) or num_classes + 1 (softmax, background last).
  int64_t cls_out_channels() const { return use_sigmoid_cls_ ? num_classes_ : num_classes_ + 1; }

 private:
  AnchorHead(const Options& head, const Options& train_cfg, const Options& test_cfg, int64_t num_classes,
             bool reads_test_cfg);

  int64_t num_classes_, in_channels_ = 0, feat_channels_ = 0;
  bool reg_decoded_bbox_;
  bool use_sigmoid_cls_ = true;
  bool use_gt_labels_ = true;
  std::shared_ptr<core::AnchorGenerator> anchors_;
  std::shared_ptr<core::BBoxCoder> coder_;
  std::shared_ptr<Loss> loss_cls_, loss_bbox_;
  bool sampling_ = false;
  // Training settings; null (a model for testing only) when train_cfg is empty.
  std::shared_ptr<core::Assigner> assigner_;
  std::shared_ptr<core::Sampler> sampler_;
  int64_t allowed_border_ = -1;
  double pos_weight_ = -1;
  TestSettings test_{};
};

}  // namespace mmdet4j::models
