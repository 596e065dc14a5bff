#pragma once
// Tiny detectors for the tests: ResNet-18, narrow FPNs and heads, mmdetection's keys.

#include <memory>
#include <string>

#include "core/options.h"
#include "models/detectors/detector.h"

namespace mmdet4j::test_support {

// A RetinaNet on a ResNet of `depth` with 32-channel FPN levels P3-P7 and 3 classes; `extra`
// option lines are appended.
inline std::shared_ptr<models::DetectorModule> tiny_retinanet(int64_t depth, const std::string& extra = "") {
  return models::build_detector(Options::parse(
      "type=RetinaNet\nbackbone.type=ResNet\nneck.type=FPN\nbbox_head.type=RetinaHead\n"
      "backbone.depth=" + std::to_string(depth) +
      "\nbackbone.out_indices=1,2,3\nbackbone.frozen_stages=-1\nbackbone.norm_eval=false\n"
      "neck.out_channels=32\nneck.num_outs=5\nneck.start_level=0\nneck.add_extra_convs=on_input\n"
      "bbox_head.num_classes=3\nbbox_head.in_channels=32\nbbox_head.feat_channels=32\nbbox_head.stacked_convs=2\n"
      "bbox_head.anchor_generator.type=AnchorGenerator\nbbox_head.anchor_generator.octave_base_scale=4\nbbox_head.anchor_generator.scales_per_octave=3\n"
      "bbox_head.anchor_generator.ratios=0.5,1.0,2.0\nbbox_head.anchor_generator.strides=8,16,32,64,128\n"
      "bbox_head.bbox_coder.type=DeltaXYWHBBoxCoder\nbbox_head.bbox_coder.target_stds=1.0,1.0,1.0,1.0\n"
      "bbox_head.loss_cls.type=FocalLoss\nbbox_head.loss_bbox.type=L1Loss\n"
      "train_cfg.assigner.type=MaxIoUAssigner\ntrain_cfg.assigner.pos_iou_thr=0.5\ntrain_cfg.assigner.neg_iou_thr=0.4\n" +
          extra,
      "model"));
}

// The options of a Faster R-CNN (or, with `mask`, a Mask R-CNN) on a ResNet-18 with a
// 16-channel FPN and 3 classes.
inline std::string tiny_two_stage(bool mask) {
  std::string s =
      "type=" + std::string(mask ? "MaskRCNN" : "FasterRCNN") +
      "\nbackbone.type=ResNet\nneck.type=FPN\nbackbone.depth=18\nbackbone.out_indices=0,1,2,3\nbackbone.frozen_stages=-1\nbackbone.norm_eval=false\n"
      "neck.out_channels=16\nneck.num_outs=5\n"
      "rpn_head.in_channels=16\nrpn_head.feat_channels=16\n"
      "rpn_head.anchor_generator.type=AnchorGenerator\nrpn_head.anchor_generator.scales=8\nrpn_head.anchor_generator.ratios=0.5,1.0,2.0\n"
      "rpn_head.anchor_generator.strides=4,8,16,32,64\n"
      "rpn_head.loss_cls.type=CrossEntropyLoss\nrpn_head.loss_cls.use_sigmoid=true\nrpn_head.loss_bbox.type=L1Loss\n"
      "roi_head.bbox_roi_extractor.type=SingleRoIExtractor\nroi_head.bbox_roi_extractor.roi_layer.type=RoIAlign\n"
      "roi_head.bbox_roi_extractor.roi_layer.output_size=7\nroi_head.bbox_roi_extractor.out_channels=16\n"
      "roi_head.bbox_roi_extractor.featmap_strides=4,8,16,32\n"
      "roi_head.bbox_head.type=Shared2FCBBoxHead\nroi_head.bbox_head.in_channels=16\n"
      "roi_head.bbox_head.fc_out_channels=32\nroi_head.bbox_head.num_classes=3\n"
      "roi_head.bbox_head.loss_cls.type=CrossEntropyLoss\nroi_head.bbox_head.loss_bbox.type=L1Loss\n"
      "train_cfg.rpn.assigner.type=MaxIoUAssigner\ntrain_cfg.rpn.assigner.pos_iou_thr=0.7\ntrain_cfg.rpn.assigner.neg_iou_thr=0.3\ntrain_cfg.rpn.assigner.min_pos_iou=0.3\n"
      "train_cfg.rpn.sampler.type=RandomSampler\ntrain_cfg.rpn.sampler.num=64\ntrain_cfg.rpn.sampler.pos_fraction=0.5\n"
      "train_cfg.rpn.sampler.add_gt_as_proposals=false\n"
      "train_cfg.rpn_proposal.nms_pre=200\ntrain_cfg.rpn_proposal.max_per_img=100\n"
      "train_cfg.rcnn.assigner.type=MaxIoUAssigner\ntrain_cfg.rcnn.assigner.pos_iou_thr=0.5\ntrain_cfg.rcnn.assigner.neg_iou_thr=0.5\n"
      "train_cfg.rcnn.assigner.min_pos_iou=0.5\ntrain_cfg.rcnn.assigner.match_low_quality=false\n"
      "train_cfg.rcnn.sampler.type=RandomSampler\ntrain_cfg.rcnn.sampler.num=32\ntrain_cfg.rcnn.sampler.pos_fraction=0.25\n"
      "test_cfg.rpn.nms_pre=100\ntest_cfg.rpn.max_per_img=50\n"
      "test_cfg.rcnn.score_thr=0.0\ntest_cfg.rcnn.max_per_img=20\n";
  if (mask) {
    s += "roi_head.mask_roi_extractor.type=SingleRoIExtractor\nroi_head.mask_roi_extractor.roi_layer.type=RoIAlign\n"
         "roi_head.mask_roi_extractor.roi_layer.output_size=14\nroi_head.mask_roi_extractor.out_channels=16\n"
         "roi_head.mask_roi_extractor.featmap_strides=4,8,16,32\n"
         "roi_head.mask_head.type=FCNMaskHead\nroi_head.mask_head.num_convs=2\nroi_head.mask_head.in_channels=16\n"
         "roi_head.mask_head.conv_out_channels=16\nroi_head.mask_head.num_classes=3\n"
         "roi_head.mask_head.loss_mask.type=CrossEntropyLoss\nroi_head.mask_head.loss_mask.use_mask=true\n"
         "train_cfg.rcnn.mask_size=28\n";
  }
  return s;
}

}  // namespace mmdet4j::test_support
