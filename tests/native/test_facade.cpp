// The JavaCPP-facing facade: tensor round trips, error translation, and the typed results of a
// detector's steps and predictions.

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "mmdet4j/detector.h"
#include "mmdet4j/ops.h"
#include "mmdet4j/results.h"
#include "mmdet4j/tensor.h"

namespace {

using mmdet4j::api::Tensor;

TEST(Facade, TensorRoundTrip) {
  const float data[] = {1, 2, 3, 4, 5, 6};
  const int64_t shape[] = {2, 3};
  Tensor t = Tensor::fromFloat32(data, shape, 2);
  EXPECT_EQ(t.dim(), 2);
  EXPECT_EQ(t.size(1), 3);
  EXPECT_EQ(t.dtype(), mmdet4j::api::kFloat32);
  float out[6] = {};
  t.copyToFloat32(out, 6);
  EXPECT_EQ(out[5], 6.f);
  int64_t wrong[6];
  EXPECT_THROW(t.copyToInt64(wrong, 6), std::invalid_argument);
  EXPECT_THROW(t.copyToFloat32(out, 5), std::invalid_argument);
}

TEST(Facade, OpErrorsBecomeInvalidArgumentWithoutBacktrace) {
  const float boxes[] = {0, 0, 1, 1};
  const float scores[] = {0.5f, 0.4f};
  const int64_t bshape[] = {1, 4}, sshape[] = {2};
  try {
    mmdet4j::api::nms(Tensor::fromFloat32(boxes, bshape, 2), Tensor::fromFloat32(scores, sshape, 1),
                      0.5);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("scores has 2 elements but there are 1 boxes"), std::string::npos)
        << message;
    EXPECT_EQ(message.find("frame #"), std::string::npos) << message;
  }
}

// A tiny RetinaNet (3 classes) and a batch of two 64x64 images with one box each.
mmdet4j::api::Detector tiny_detector() {
  return mmdet4j::api::Detector(
      "model.type=RetinaNet\nmodel.backbone.type=ResNet\nmodel.backbone.depth=18\n"
      "model.backbone.out_indices=1,2,3\nmodel.neck.type=FPN\nmodel.neck.out_channels=16\n"
      "model.neck.num_outs=5\nmodel.neck.add_extra_convs=on_input\nmodel.bbox_head.type=RetinaHead\n"
      "model.bbox_head.num_classes=3\nmodel.bbox_head.in_channels=16\nmodel.bbox_head.feat_channels=16\n"
      "model.bbox_head.stacked_convs=1\nmodel.bbox_head.anchor_generator.type=AnchorGenerator\n"
      "model.bbox_head.anchor_generator.octave_base_scale=4\nmodel.bbox_head.anchor_generator.scales_per_octave=1\n"
      "model.bbox_head.anchor_generator.ratios=1.0\nmodel.bbox_head.anchor_generator.strides=8,16,32,64,128\n"
      "model.bbox_head.loss_cls.type=FocalLoss\nmodel.bbox_head.loss_bbox.type=L1Loss\n"
      "model.train_cfg.assigner.type=MaxIoUAssigner\nmodel.train_cfg.assigner.pos_iou_thr=0.5\n"
      "model.train_cfg.assigner.neg_iou_thr=0.4\nmodel.test_cfg.score_thr=0.0\nmodel.test_cfg.max_per_img=7\n");
}

struct TinyBatch {
  Tensor images, sizes, scales, boxes, labels, counts;
};

TinyBatch tiny_batch() {
  std::vector<float> pixels(2 * 3 * 64 * 64);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<float>(std::sin(0.01 * i));
  const int64_t image_shape[] = {2, 3, 64, 64}, pair_shape[] = {2, 2}, scale_shape[] = {2, 4};
  const int64_t box_shape[] = {2, 4}, count_shape[] = {2};
  const int64_t sizes[] = {64, 64, 64, 64}, labels[] = {0, 2}, counts[] = {1, 1};
  // Image 1 was resized by 2: its detections come back at half the input size.
  const double scales[] = {1, 1, 1, 1, 2, 2, 2, 2};
  const float boxes[] = {8, 8, 40, 40, 20, 10, 60, 50};
  return {Tensor::fromFloat32(pixels.data(), image_shape, 4), Tensor::fromInt64(sizes, pair_shape, 2),
          Tensor::fromFloat64(scales, scale_shape, 2),       Tensor::fromFloat32(boxes, box_shape, 2),
          Tensor::fromInt64(labels, count_shape, 1),         Tensor::fromInt64(counts, count_shape, 1)};
}

TEST(Facade, AStepResultNamesItsLossesAndTheirSum) {
  auto detector = tiny_detector();
  auto b = tiny_batch();
  detector.setTraining(true);
  auto step = detector.valStep(b.images, b.sizes, b.boxes, b.labels, b.counts, Tensor(), Tensor());
  EXPECT_FALSE(step.updated());
  ASSERT_EQ(step.numLosses(), 3);
  EXPECT_EQ(step.lossName(0), "loss");
  EXPECT_EQ(step.lossName(1), "loss_bbox");
  EXPECT_EQ(step.lossName(2), "loss_cls");
  EXPECT_NEAR(step.lossValue(0), step.lossValue(1) + step.lossValue(2), 1e-6);
  EXPECT_GT(step.lossValue(2), 0);
  EXPECT_THROW(step.lossName(3), std::out_of_range);
  EXPECT_THROW(step.lossValue(-1), std::out_of_range);

  detector.configureOptimizer("type=SGD\nlr=0.01\nmomentum=0.9\nweight_decay=0.0001");
  auto trained = detector.trainStep(b.images, b.sizes, b.boxes, b.labels, b.counts, Tensor(), Tensor());
  EXPECT_TRUE(trained.updated());
  EXPECT_GT(trained.gradNorm(), 0);
  EXPECT_EQ(trained.numLosses(), 3);
}

TEST(Facade, PredictionsComePerImageInOriginalPixels) {
  auto detector = tiny_detector();
  auto b = tiny_batch();
  detector.setTraining(false);
  auto predictions = detector.predict(b.images, b.sizes, b.scales, Tensor());
  ASSERT_EQ(predictions.size(), 2);
  for (int32_t i = 0; i < 2; ++i) {
    auto image = predictions.image(i);
    const int64_t k = image.size();
    EXPECT_EQ(k, 7);  // score_thr 0: max_per_img detections
    EXPECT_EQ(image.boxes().size(0), k);
    EXPECT_EQ(image.boxes().size(1), 4);
    EXPECT_EQ(image.scores().size(0), k);
    EXPECT_EQ(image.labels().dtype(), mmdet4j::api::kInt64);
    EXPECT_FALSE(image.masks().defined());
    std::vector<float> boxes(4 * k);
    image.boxes().copyToFloat32(boxes.data(), 4 * k);
    // Clipped to the 64 px input, then divided by the image's scale factor.
    const float limit = i == 0 ? 64.f : 32.f;
    for (float v : boxes) EXPECT_LE(v, limit + 1e-3f);
  }
  EXPECT_THROW(predictions.image(2), std::out_of_range);
}

}  // namespace
