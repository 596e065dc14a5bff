package org.mmdet4j.models.twostage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.config.ConfigFormat;

/**
 * Two-stage config mistakes are config errors naming the path, and mmdetection v2.0's older
 * spellings map to today's keys. Each case is a small YAML config inheriting the shipped Mask
 * R-CNN config, the way a user would write it.
 */
class TwoStageConfigErrorsTest {
    private static final Path MASK_RCNN = Path.of("configs/mask_rcnn/mask_rcnn_r50_fpn_1x_coco.yaml").toAbsolutePath();

    /** {@code model} overrides, one YAML line each ({@code roi_head: {bbox_head: {...}}}), over Mask R-CNN. */
    private static Map<String, String> build(String... modelLines) {
        StringBuilder yaml = new StringBuilder("_base_: " + MASK_RCNN + "\nmodel:\n");
        for (String line : modelLines) {
            yaml.append("  ").append(line).append('\n');
        }
        Config cfg = Config.fromString(yaml.toString(), ConfigFormat.YAML, MASK_RCNN.getParent());
        return TwoStageOptions.of(cfg.getDict("model"));
    }

    private static String error(String... modelLines) {
        return assertThrows(ConfigException.class, () -> build(modelLines)).getMessage();
    }

    private static void assertStartsWith(String prefix, String message) {
        assertTrue(message.startsWith(prefix), () -> "expected '" + prefix + "...', got: " + message);
    }

    @Test
    void unknownKeysNameTheirPath() {
        assertStartsWith("model.roi_head.bbox_head.fc_out_channel: unknown key",
                error("roi_head: {bbox_head: {fc_out_channel: 512}}"));
        String e = error("roi_head: {mask_head: {num_conv: 2}}");
        assertStartsWith("model.roi_head.mask_head.num_conv: unknown key", e);
        assertTrue(e.contains("num_convs"), e);  // did you mean
        assertStartsWith("model.train_cfg.rcnn.sampler.floor_thr: unknown key",
                error("train_cfg: {rcnn: {sampler: {floor_thr: 0.1}}}"));
        assertStartsWith("model.test_cfg.rcnn.nms.class_agnostic: unknown key",
                error("test_cfg: {rcnn: {nms: {class_agnostic: true}}}"));
        assertStartsWith("model.train_cfg.rpn_proposal.nms_per: unknown key",
                error("train_cfg: {rpn_proposal: {nms_per: 100}}"));
        // Shared2FCBBoxHead fixes its layer counts, as mmdetection's signature does.
        assertStartsWith("model.roi_head.bbox_head.num_shared_fcs: unknown key",
                error("roi_head: {bbox_head: {num_shared_fcs: 3}}"));
    }

    @Test
    void unsupportedSettingsSayWhy() {
        assertStartsWith("model.roi_head.bbox_head.conv_cfg: only None is supported natively",
                error("roi_head: {bbox_head: {type: Shared4Conv1FCBBoxHead, conv_cfg: {type: DCNv2}}}"));
        assertStartsWith("model.roi_head.bbox_head.norm_cfg.type: only 'GN' and 'BN' are supported, got 'SyncBN'",
                error("roi_head: {bbox_head: {type: Shared4Conv1FCBBoxHead, norm_cfg: {type: SyncBN}}}"));
        assertStartsWith("model.train_cfg.rcnn.sampler.type: unknown type 'RandomSampeler' in registry 'sampler'",
                error("train_cfg: {rcnn: {sampler: {type: RandomSampeler}}}"));
        assertStartsWith("model.test_cfg.rcnn.nms.type: unknown type 'soft_nms' in registry 'nms'",
                error("test_cfg: {rcnn: {nms: {type: soft_nms}}}"));
        assertStartsWith("model.roi_head.mask_head.upsample_cfg.type: only 'deconv'",
                error("roi_head: {mask_head: {upsample_cfg: {type: bilinear}}}"));
        assertStartsWith("model.rpn_head.loss_cls: RPNHead scores anchors with a sigmoid",
                error("rpn_head: {loss_cls: {use_sigmoid: false}}"));
        assertStartsWith("model.roi_head.bbox_head.loss_cls: the RoI box head needs a softmax CrossEntropyLoss",
                error("roi_head: {bbox_head: {loss_cls: {use_sigmoid: true}}}"));
        assertStartsWith("model.roi_head.mask_head.loss_mask: FCNMaskHead needs CrossEntropyLoss with use_mask=True",
                error("roi_head: {mask_head: {loss_mask: {use_mask: false}}}"));
        assertStartsWith("model.roi_head.bbox_head.reg_decoded_bbox: GIoULoss needs reg_decoded_bbox=True",
                error("roi_head: {bbox_head: {loss_bbox: {_delete_: true, type: GIoULoss, loss_weight: 10.0}}}"));
        assertStartsWith("model.roi_head.shared_head: shared heads", error("roi_head: {shared_head: {type: ResLayer}}"));
        assertStartsWith("model.test_cfg.rpn.nms_across_levels: only False",
                error("test_cfg: {rpn: {nms_across_levels: true}}"));
    }

    @Test
    void inconsistentModelsAreCaught() {
        assertStartsWith("model.roi_head.mask_head.roi_feat_size: 14 differs from mask_roi_extractor.roi_layer."
                + "output_size 7", error("roi_head: {mask_roi_extractor: {roi_layer: {output_size: 7}}}"));
        assertStartsWith("model.roi_head.bbox_head.in_channels: 128 differs from bbox_roi_extractor.out_channels 256",
                error("roi_head: {bbox_head: {in_channels: 128}}"));
        assertStartsWith("model.roi_head.mask_head.num_classes: 3 differs from bbox_head.num_classes 80",
                error("roi_head: {mask_head: {num_classes: 3}}"));
        assertStartsWith("model.roi_head.mask_head: FasterRCNN has no mask branch", error("type: FasterRCNN"));
        assertStartsWith("model.roi_head.mask_head: MaskRCNN needs a mask_head",
                error("roi_head: {mask_head: null, mask_roi_extractor: null}"));
        assertStartsWith("model.rpn_head.type: expected 'RPNHead'", error("rpn_head: {_delete_: true, type: RetinaHead, "
                + "num_classes: 1, in_channels: 256, anchor_generator: {type: AnchorGenerator, octave_base_scale: 4, "
                + "scales_per_octave: 3, ratios: [1.0], strides: [4, 8, 16, 32, 64]}}"));
        assertStartsWith("model.roi_head.train_cfg: give it as the detector's train_cfg.rcnn",
                error("roi_head: {train_cfg: {pos_weight: 1.0}}"));
        assertStartsWith("model.train_cfg.rcnn.sampler.pos_fraction: must be in [0, 1]",
                error("train_cfg: {rcnn: {sampler: {pos_fraction: 1.5}}}"));
    }

    @Test
    void olderSpellingsAreAcceptedAndMustAgree() {
        // mmdetection v2.0's RPN settings: max_num / nms_post and nms_thr instead of max_per_img and nms,
        // and v1's iou_thr in an nms dict. The model builds; the native proposal settings map them to
        // today's keys (tests/native/test_two_stage.cpp checks the values they give).
        Map<String, String> o = build(
                "test_cfg: {rpn: {_delete_: true, nms_across_levels: false, nms_pre: 1000, nms_post: 500, max_num: 500, "
                        + "nms_thr: 0.6, min_bbox_size: 0}, rcnn: {nms: {_delete_: true, type: nms, iou_thr: 0.4}}}",
                "train_cfg: {rpn_proposal: null, rcnn: {debug: false}}");
        assertEquals("500", o.get("test_cfg.rpn.max_num"));
        assertEquals("0.6", o.get("test_cfg.rpn.nms_thr"));
        assertEquals("0.4", o.get("test_cfg.rcnn.nms.iou_thr"));
        // Without rpn_proposal none goes down: the native detector trains on test_cfg.rpn's proposals.
        assertEquals(null, o.get("train_cfg.rpn_proposal.nms_pre"));

        assertStartsWith("model.test_cfg.rpn.max_per_img: disagrees with max_num (1000 vs 500)",
                error("test_cfg: {rpn: {max_num: 500}}"));
        assertStartsWith("model.test_cfg.rpn.nms.iou_threshold: disagrees with nms_thr (0.7 vs 0.5)",
                error("test_cfg: {rpn: {nms_thr: 0.5}}"));
    }

    @Test
    void samplersEmitTheirOwnKeys() {
        Map<String, String> o = build("train_cfg: {rcnn: {sampler: {_delete_: true, type: IoUBalancedNegSampler, "
                        + "num: 512, pos_fraction: 0.25, floor_thr: -1, floor_fraction: 0, num_bins: 3}}, "
                        + "rpn: {sampler: {_delete_: true, type: OHEMSampler, num: 256, pos_fraction: 0.5, "
                        + "neg_pos_ub: 3}}}");
        assertEquals("IoUBalancedNegSampler", o.get("train_cfg.rcnn.sampler.type"));
        assertEquals("-1.0", o.get("train_cfg.rcnn.sampler.floor_thr"));
        assertEquals("0.0", o.get("train_cfg.rcnn.sampler.floor_fraction"));
        assertEquals("3", o.get("train_cfg.rcnn.sampler.num_bins"));
        assertEquals("true", o.get("train_cfg.rcnn.sampler.add_gt_as_proposals"));
        assertEquals("OHEMSampler", o.get("train_cfg.rpn.sampler.type"));
        assertEquals("3", o.get("train_cfg.rpn.sampler.neg_pos_ub"));
        assertEquals("loss_cls", o.get("train_cfg.rpn.sampler.loss_key"));

        // A focal loss uses every anchor, so its RPN takes the PseudoSampler.
        o = build("train_cfg: {rcnn: {sampler: {_delete_: true, type: InstanceBalancedPosSampler, num: 128, "
                + "pos_fraction: 0.5}}, rpn: {sampler: {_delete_: true, type: PseudoSampler}}}",
                "rpn_head: {loss_cls: {_delete_: true, type: FocalLoss, use_sigmoid: true}}");
        assertEquals("InstanceBalancedPosSampler", o.get("train_cfg.rcnn.sampler.type"));
        assertEquals("128", o.get("train_cfg.rcnn.sampler.num"));
        assertEquals("-1", o.get("train_cfg.rcnn.sampler.neg_pos_ub"));
        assertEquals("PseudoSampler", o.get("train_cfg.rpn.sampler.type"));
        assertEquals(null, o.get("train_cfg.rpn.sampler.num"));
    }

    @Test
    void roiPoolAndSharedExtractorAndConvFcHead() {
        Map<String, String> o = build("roi_head: {bbox_roi_extractor: {roi_layer: {_delete_: true, type: RoIPool, "
                + "output_size: [7, 7]}}, mask_roi_extractor: null, mask_head: {roi_feat_size: 7}, "
                + "bbox_head: {_delete_: true, type: ConvFCBBoxHead, num_shared_convs: 2, num_cls_fcs: 1, "
                + "num_reg_fcs: 1, num_classes: 80}}", "train_cfg: {rcnn: {mask_size: 14}}");
        assertEquals("RoIPool", o.get("roi_head.bbox_roi_extractor.roi_layer.type"));
        // The pair goes down as given; the native extractor pools the square 7x7 grid it names.
        assertEquals("7,7", o.get("roi_head.bbox_roi_extractor.roi_layer.output_size"));
        assertEquals(null, o.get("roi_head.bbox_roi_extractor.roi_layer.sampling_ratio"));
        // Without a mask_roi_extractor none goes down: the native RoI head pools the mask branch with
        // the box branch's extractor (share_roi_extractor), whose 7x7 output the mask head takes.
        assertEquals(null, o.get("roi_head.mask_roi_extractor.type"));
        assertEquals("7", o.get("roi_head.mask_head.roi_feat_size"));
        assertEquals("ConvFCBBoxHead", o.get("roi_head.bbox_head.type"));
        assertEquals("2", o.get("roi_head.bbox_head.num_shared_convs"));
        assertEquals("0", o.get("roi_head.bbox_head.num_shared_fcs"));
        assertEquals("1", o.get("roi_head.bbox_head.num_cls_fcs"));
        assertEquals("1", o.get("roi_head.bbox_head.num_reg_fcs"));
        // mmdetection v2's BBoxHead defaults where the config is silent.
        assertEquals("0.1,0.1,0.2,0.2", o.get("roi_head.bbox_head.bbox_coder.target_stds"));
        assertEquals("SmoothL1Loss", o.get("roi_head.bbox_head.loss_bbox.type"));
        assertEquals("1.0", o.get("roi_head.bbox_head.loss_bbox.beta"));
        assertStartsWith("model.roi_head.bbox_head.num_shared_fcs: must be 0 when num_cls_convs",
                error("roi_head: {bbox_head: {_delete_: true, type: ConvFCBBoxHead, num_shared_fcs: 1, "
                        + "num_cls_convs: 1}}"));
    }
}
