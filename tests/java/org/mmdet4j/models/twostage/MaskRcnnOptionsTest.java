package org.mmdet4j.models.twostage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mmdet4j.config.Config;

/**
 * The native options of mmdetection's Mask R-CNN R50-FPN (configs/_base_/models), line by line.
 * The expected lines are written out from mmdetection v2's config and the defaults of its
 * classes, not produced by the code under test.
 */
class MaskRcnnOptionsTest {
    /** The detector's own keys (channels_last is mmdet4j's: NHWC convolutions on the CPU), backbone and neck. */
    private static final String BACKBONE_AND_NECK = """
            type=MaskRCNN
            channels_last=true
            backbone.type=ResNet
            backbone.depth=50
            backbone.in_channels=3
            backbone.num_stages=4
            backbone.out_indices=0,1,2,3
            backbone.style=pytorch
            backbone.frozen_stages=1
            backbone.stem_channels=64
            backbone.base_channels=64
            backbone.norm_cfg.type=BN
            backbone.norm_cfg.requires_grad=true
            backbone.norm_eval=true
            backbone.stage_with_dcn=false,false,false,false
            backbone.with_cp=false
            backbone.zero_init_residual=true
            backbone.groups=1
            backbone.base_width=64
            backbone.init_cfg.type=Pretrained
            backbone.init_cfg.checkpoint=torchvision://resnet50
            neck.type=FPN
            neck.in_channels=256,512,1024,2048
            neck.out_channels=256
            neck.num_outs=5
            neck.start_level=0
            neck.end_level=-1
            neck.add_extra_convs=false
            neck.relu_before_extra_convs=false
            neck.no_norm_on_lateral=false
            neck.upsample_cfg.mode=nearest
            """;

    private static final String RPN_HEAD = """
            rpn_head.type=RPNHead
            rpn_head.in_channels=256
            rpn_head.feat_channels=256
            rpn_head.num_convs=1
            rpn_head.reg_decoded_bbox=false
            rpn_head.anchor_generator.type=AnchorGenerator
            rpn_head.anchor_generator.strides=4,8,16,32,64
            rpn_head.anchor_generator.ratios=0.5,1.0,2.0
            rpn_head.anchor_generator.scales=8.0
            rpn_head.anchor_generator.center_offset=0.0
            rpn_head.anchor_generator.scale_major=true
            rpn_head.bbox_coder.type=DeltaXYWHBBoxCoder
            rpn_head.bbox_coder.target_means=0.0,0.0,0.0,0.0
            rpn_head.bbox_coder.target_stds=1.0,1.0,1.0,1.0
            rpn_head.bbox_coder.clip_border=true
            rpn_head.loss_cls.type=CrossEntropyLoss
            rpn_head.loss_cls.reduction=mean
            rpn_head.loss_cls.loss_weight=1.0
            rpn_head.loss_cls.use_sigmoid=true
            rpn_head.loss_cls.use_mask=false
            rpn_head.loss_bbox.type=L1Loss
            rpn_head.loss_bbox.reduction=mean
            rpn_head.loss_bbox.loss_weight=1.0
            """;

    private static final String ROI_HEAD = """
            roi_head.type=StandardRoIHead
            roi_head.bbox_roi_extractor.type=SingleRoIExtractor
            roi_head.bbox_roi_extractor.roi_layer.type=RoIAlign
            roi_head.bbox_roi_extractor.roi_layer.output_size=7
            roi_head.bbox_roi_extractor.roi_layer.sampling_ratio=0
            roi_head.bbox_roi_extractor.out_channels=256
            roi_head.bbox_roi_extractor.featmap_strides=4,8,16,32
            roi_head.bbox_roi_extractor.finest_scale=56
            roi_head.bbox_head.type=Shared2FCBBoxHead
            roi_head.bbox_head.conv_out_channels=256
            roi_head.bbox_head.fc_out_channels=1024
            roi_head.bbox_head.in_channels=256
            roi_head.bbox_head.roi_feat_size=7
            roi_head.bbox_head.num_classes=80
            roi_head.bbox_head.reg_class_agnostic=false
            roi_head.bbox_head.reg_decoded_bbox=false
            roi_head.bbox_head.with_avg_pool=false
            roi_head.bbox_head.bbox_coder.type=DeltaXYWHBBoxCoder
            roi_head.bbox_head.bbox_coder.target_means=0.0,0.0,0.0,0.0
            roi_head.bbox_head.bbox_coder.target_stds=0.1,0.1,0.2,0.2
            roi_head.bbox_head.bbox_coder.clip_border=true
            roi_head.bbox_head.loss_cls.type=CrossEntropyLoss
            roi_head.bbox_head.loss_cls.reduction=mean
            roi_head.bbox_head.loss_cls.loss_weight=1.0
            roi_head.bbox_head.loss_cls.use_sigmoid=false
            roi_head.bbox_head.loss_cls.use_mask=false
            roi_head.bbox_head.loss_bbox.type=L1Loss
            roi_head.bbox_head.loss_bbox.reduction=mean
            roi_head.bbox_head.loss_bbox.loss_weight=1.0
            roi_head.bbox_head.cls_predictor_cfg.type=Linear
            """;

    private static final String MASK_BRANCH = """
            roi_head.mask_roi_extractor.type=SingleRoIExtractor
            roi_head.mask_roi_extractor.roi_layer.type=RoIAlign
            roi_head.mask_roi_extractor.roi_layer.output_size=14
            roi_head.mask_roi_extractor.roi_layer.sampling_ratio=0
            roi_head.mask_roi_extractor.out_channels=256
            roi_head.mask_roi_extractor.featmap_strides=4,8,16,32
            roi_head.mask_roi_extractor.finest_scale=56
            roi_head.mask_head.type=FCNMaskHead
            roi_head.mask_head.num_convs=4
            roi_head.mask_head.in_channels=256
            roi_head.mask_head.conv_kernel_size=3
            roi_head.mask_head.conv_out_channels=256
            roi_head.mask_head.roi_feat_size=14
            roi_head.mask_head.num_classes=80
            roi_head.mask_head.class_agnostic=false
            roi_head.mask_head.upsample_cfg.type=deconv
            roi_head.mask_head.upsample_cfg.scale_factor=2
            roi_head.mask_head.predictor_cfg.type=Conv
            roi_head.mask_head.loss_mask.type=CrossEntropyLoss
            roi_head.mask_head.loss_mask.reduction=mean
            roi_head.mask_head.loss_mask.loss_weight=1.0
            roi_head.mask_head.loss_mask.use_sigmoid=false
            roi_head.mask_head.loss_mask.use_mask=true
            """;

    private static final String TRAIN_AND_TEST = """
            train_cfg.rpn.assigner.type=MaxIoUAssigner
            train_cfg.rpn.assigner.pos_iou_thr=0.7
            train_cfg.rpn.assigner.neg_iou_thr=0.3
            train_cfg.rpn.assigner.min_pos_iou=0.3
            train_cfg.rpn.assigner.gt_max_assign_all=true
            train_cfg.rpn.assigner.ignore_iof_thr=-1.0
            train_cfg.rpn.assigner.match_low_quality=true
            train_cfg.rpn.assigner.gpu_assign_thr=-1.0
            train_cfg.rpn.assigner.ignore_wrt_candidates=true
            train_cfg.rpn.assigner.iou_calculator.type=BboxOverlaps2D
            train_cfg.rpn.sampler.type=RandomSampler
            train_cfg.rpn.sampler.num=256
            train_cfg.rpn.sampler.pos_fraction=0.5
            train_cfg.rpn.sampler.neg_pos_ub=-1
            train_cfg.rpn.sampler.add_gt_as_proposals=false
            train_cfg.rpn.allowed_border=-1
            train_cfg.rpn.pos_weight=-1.0
            train_cfg.rpn.debug=false
            train_cfg.rpn_proposal.nms_pre=2000
            train_cfg.rpn_proposal.max_per_img=1000
            train_cfg.rpn_proposal.nms.type=nms
            train_cfg.rpn_proposal.nms.iou_threshold=0.7
            train_cfg.rpn_proposal.nms_across_levels=false
            train_cfg.rpn_proposal.min_bbox_size=0.0
            train_cfg.rcnn.assigner.type=MaxIoUAssigner
            train_cfg.rcnn.assigner.pos_iou_thr=0.5
            train_cfg.rcnn.assigner.neg_iou_thr=0.5
            train_cfg.rcnn.assigner.min_pos_iou=0.5
            train_cfg.rcnn.assigner.gt_max_assign_all=true
            train_cfg.rcnn.assigner.ignore_iof_thr=-1.0
            train_cfg.rcnn.assigner.match_low_quality=true
            train_cfg.rcnn.assigner.gpu_assign_thr=-1.0
            train_cfg.rcnn.assigner.ignore_wrt_candidates=true
            train_cfg.rcnn.assigner.iou_calculator.type=BboxOverlaps2D
            train_cfg.rcnn.sampler.type=RandomSampler
            train_cfg.rcnn.sampler.num=512
            train_cfg.rcnn.sampler.pos_fraction=0.25
            train_cfg.rcnn.sampler.neg_pos_ub=-1
            train_cfg.rcnn.sampler.add_gt_as_proposals=true
            train_cfg.rcnn.pos_weight=-1.0
            train_cfg.rcnn.mask_size=28
            train_cfg.rcnn.debug=false
            test_cfg.rpn.nms_pre=1000
            test_cfg.rpn.max_per_img=1000
            test_cfg.rpn.nms.type=nms
            test_cfg.rpn.nms.iou_threshold=0.7
            test_cfg.rpn.nms_across_levels=false
            test_cfg.rpn.min_bbox_size=0.0
            test_cfg.rcnn.score_thr=0.05
            test_cfg.rcnn.nms.type=nms
            test_cfg.rcnn.nms.iou_threshold=0.5
            test_cfg.rcnn.max_per_img=100
            test_cfg.rcnn.mask_thr_binary=0.5
            """;

    static Map<String, String> lines(String... blocks) {
        Map<String, String> map = new TreeMap<>();
        for (String block : blocks) {
            for (String line : block.strip().split("\n")) {
                int eq = line.indexOf('=');
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }

    static Map<String, String> optionsOf(String configFile) {
        Config cfg = Config.fromFile(Path.of(configFile));
        return new TreeMap<>(TwoStageOptions.of(cfg.getDict("model")));
    }

    @Test
    void mmdetectionMaskRcnnModelSectionGivesEveryExpectedLine() {
        assertEquals(lines(BACKBONE_AND_NECK, RPN_HEAD, ROI_HEAD, MASK_BRANCH, TRAIN_AND_TEST),
                optionsOf("configs/_base_/models/mask_rcnn_r50_fpn.yaml"));
    }

    @Test
    void fasterRcnnIsMaskRcnnWithoutTheMaskBranch() {
        Map<String, String> expected = lines(BACKBONE_AND_NECK.replace("type=MaskRCNN", "type=FasterRCNN"), RPN_HEAD,
                ROI_HEAD, TRAIN_AND_TEST.replace("train_cfg.rcnn.assigner.match_low_quality=true",
                        "train_cfg.rcnn.assigner.match_low_quality=false"));
        // mask_size and mask_thr_binary are rcnn settings with defaults; a box-only model ignores them.
        assertEquals(expected, optionsOf("configs/_base_/models/faster_rcnn_r50_fpn.yaml"));
    }
}
