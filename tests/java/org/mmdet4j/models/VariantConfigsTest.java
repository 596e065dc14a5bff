package org.mmdet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.registry.Registries;

/**
 * The configs of mmdetection's model variants (GHM, IoU losses, Libra R-CNN, FCOS, SSD) load with
 * mmdetection's values (written here by hand from its configs/ghm, configs/faster_rcnn,
 * configs/libra_rcnn, configs/fcos and configs/ssd files) and build their models; GHM's running bin counts are buffers of the
 * head, and a list of necks is named as mmcv's Sequential, as in mmdetection's state_dict.
 */
class VariantConfigsTest {
    /** The model of a config, built natively without the backbone's ImageNet checkpoint (not downloaded in tests). */
    private static NativeDetectorModel build(Config cfg) {
        ConfigDict model = cfg.getDict("model");
        ConfigDict backbone = model.getDict("backbone");
        return (NativeDetectorModel) Registries.DETECTORS.build(model.with("backbone", backbone.without("init_cfg")),
                null, "model", Object.class);
    }

    private static Config load(String file) {
        return Config.fromFile(Path.of(file));
    }

    @Test
    void retinanetGhm() {
        Config cfg = load("configs/ghm/retinanet_ghm_r50_fpn_1x_coco.yaml");
        assertEquals("GHMC", cfg.getString("model.bbox_head.loss_cls.type"));
        assertEquals(30, cfg.getInt("model.bbox_head.loss_cls.bins"));
        assertEquals(0.75, cfg.getDouble("model.bbox_head.loss_cls.momentum"));
        assertTrue(cfg.getBool("model.bbox_head.loss_cls.use_sigmoid"));
        assertEquals(1.0, cfg.getDouble("model.bbox_head.loss_cls.loss_weight"));
        assertFalse(cfg.has("model.bbox_head.loss_cls.gamma"), "the focal loss's keys are deleted");
        assertEquals("GHMR", cfg.getString("model.bbox_head.loss_bbox.type"));
        assertEquals(0.02, cfg.getDouble("model.bbox_head.loss_bbox.mu"));
        assertEquals(10, cfg.getInt("model.bbox_head.loss_bbox.bins"));
        assertEquals(0.7, cfg.getDouble("model.bbox_head.loss_bbox.momentum"));
        assertEquals(10.0, cfg.getDouble("model.bbox_head.loss_bbox.loss_weight"));
        assertEquals(35.0, cfg.getDouble("optimizer_config.grad_clip.max_norm"));
        assertEquals(2, cfg.getInt("optimizer_config.grad_clip.norm_type"));
        try (NativeDetectorModel model = build(cfg)) {
            List<String> keys = model.stateDictKeys().lines().map(l -> l.split(" ")[0]).toList();
            assertTrue(keys.containsAll(List.of("bbox_head.loss_cls.edges", "bbox_head.loss_cls.acc_sum",
                    "bbox_head.loss_bbox.edges", "bbox_head.loss_bbox.acc_sum")), keys.toString());
        }
    }

    @Test
    void fasterRcnnWithIouLosses() {
        for (String[] variant : new String[][] {{"iou", "IoULoss"}, {"giou", "GIoULoss"},
            {"bounded_iou", "BoundedIoULoss"}}) {
            Config cfg = load("configs/faster_rcnn/faster_rcnn_r50_fpn_" + variant[0] + "_1x_coco.yaml");
            assertTrue(cfg.getBool("model.roi_head.bbox_head.reg_decoded_bbox"), variant[0]);
            assertEquals(variant[1], cfg.getString("model.roi_head.bbox_head.loss_bbox.type"));
            assertEquals(10.0, cfg.getDouble("model.roi_head.bbox_head.loss_bbox.loss_weight"));
            try (NativeDetectorModel model = build(cfg)) {
                // Stateless losses add nothing to the state_dict: the keys are Faster R-CNN's.
                assertFalse(model.stateDictKeys().contains("loss_bbox"), variant[0]);
            }
        }
    }

    @Test
    void fasterRcnnWithDeformableConvs() {
        for (String[] variant : new String[][] {{"dconv", "DCN"}, {"mdconv", "DCNv2"}}) {
            Config cfg = load("configs/dcn/faster_rcnn_r50_fpn_" + variant[0] + "_c3-c5_1x_coco.yaml");
            assertEquals(variant[1], cfg.getString("model.backbone.dcn.type"));
            assertEquals(1, cfg.getInt("model.backbone.dcn.deform_groups"));
            assertFalse(cfg.getBool("model.backbone.dcn.fallback_on_stride"));
            try (NativeDetectorModel model = build(cfg)) {
                String keys = model.stateDictKeys();
                // DCN predicts (dy, dx) per tap (18 channels), DCNv2 a mask logit too (27).
                String offsets = variant[1].equals("DCN") ? "18" : "27";
                assertTrue(keys.contains("backbone.layer2.0.conv2.conv_offset.weight [" + offsets + ", 128, 3, 3]"),
                        keys);
                assertTrue(keys.contains("backbone.layer4.2.conv2.conv_offset.bias"), variant[0]);
                assertFalse(keys.contains("backbone.layer1.0.conv2.conv_offset"), "c2 keeps plain convs");
            }
        }
    }

    @Test
    void repPoints() {
        for (String variant : new String[] {"", "_gn-neck+head"}) {
            Config cfg = load("configs/reppoints/reppoints_moment_r50_fpn" + variant + "_1x_coco.yaml");
            assertEquals("RepPointsDetector", cfg.getString("model.type"));
            assertEquals("PointAssigner", cfg.getString("model.train_cfg.init.assigner.type"));
            assertEquals(1, cfg.getInt("model.train_cfg.init.assigner.pos_num"));
            assertEquals("MaxIoUAssigner", cfg.getString("model.train_cfg.refine.assigner.type"));
            assertEquals(0.11, cfg.getDouble("model.bbox_head.loss_bbox_init.beta"));
            assertEquals(0.01, cfg.getDouble("optimizer.lr"));
            try (NativeDetectorModel model = build(cfg)) {
                String keys = model.stateDictKeys();
                assertTrue(keys.contains("bbox_head.reppoints_pts_init_out.weight [18, 256, 1, 1]"), keys);
                assertTrue(keys.contains("bbox_head.reppoints_cls_conv.weight [256, 256, 3, 3]"), keys);
                assertTrue(keys.contains("bbox_head.moment_transfer [2]"), keys);
                assertEquals(!variant.isEmpty(), keys.contains("bbox_head.cls_convs.0.gn.weight"), variant);
                assertEquals(!variant.isEmpty(), keys.contains("neck.lateral_convs.0.gn.weight"), variant);
            }
        }
    }

    @Test
    void fcosWithDeformableConvs() {
        Config cfg = load("configs/fcos/fcos_center-normbbox-centeronreg-giou_r50_caffe_fpn_gn-head_dcn_1x_coco.yaml");
        assertTrue(cfg.getBool("model.bbox_head.dcn_on_last_conv"));
        assertEquals("DCNv2", cfg.getString("model.backbone.dcn.type"));
        try (NativeDetectorModel model = build(cfg)) {
            String keys = model.stateDictKeys();
            assertTrue(keys.contains("bbox_head.cls_convs.3.conv.conv_offset.weight [27, 256, 3, 3]"), keys);
            assertFalse(keys.contains("bbox_head.cls_convs.2.conv.conv_offset"), "only the last tower conv");
            assertTrue(keys.contains("backbone.layer3.0.conv2.conv_offset.weight"), keys);
        }
    }

    @Test
    void maskRcnnWithGlobalContextBlocks() {
        Config cfg = load("configs/gcnet/mask_rcnn_r50_fpn_r4_gcb_c3-c5_1x_coco.yaml");
        assertEquals("ContextBlock", cfg.getString("model.backbone.plugins.0.cfg.type"));
        assertEquals("after_conv3", cfg.getString("model.backbone.plugins.0.position"));
        try (NativeDetectorModel model = build(cfg)) {
            String keys = model.stateDictKeys();
            // ratio 1/4 of layer2's 512 channels: a 128-channel bottleneck.
            assertTrue(keys.contains("backbone.layer2.0.context_block.channel_add_conv.0.weight [128, 512, 1, 1]"),
                    keys);
            assertTrue(keys.contains("backbone.layer4.2.context_block.conv_mask.weight"), keys);
            assertFalse(keys.contains("backbone.layer1.0.context_block"), "c2 has none");
        }
    }

    @Test
    void libraFasterRcnn() {
        Config cfg = load("configs/libra_rcnn/libra_faster_rcnn_r50_fpn_1x_coco.yaml");
        assertEquals("FPN", cfg.getString("model.neck.0.type"));
        assertEquals(List.of(256, 512, 1024, 2048), cfg.getIntList("model.neck.0.in_channels"));
        assertEquals(5, cfg.getInt("model.neck.0.num_outs"));
        assertEquals("BFP", cfg.getString("model.neck.1.type"));
        assertEquals(256, cfg.getInt("model.neck.1.in_channels"));
        assertEquals(5, cfg.getInt("model.neck.1.num_levels"));
        assertEquals(2, cfg.getInt("model.neck.1.refine_level"));
        assertEquals("non_local", cfg.getString("model.neck.1.refine_type"));
        assertEquals("BalancedL1Loss", cfg.getString("model.roi_head.bbox_head.loss_bbox.type"));
        assertEquals(0.5, cfg.getDouble("model.roi_head.bbox_head.loss_bbox.alpha"));
        assertEquals(1.5, cfg.getDouble("model.roi_head.bbox_head.loss_bbox.gamma"));
        assertEquals(1.0, cfg.getDouble("model.roi_head.bbox_head.loss_bbox.beta"));
        assertEquals(5, cfg.getInt("model.train_cfg.rpn.sampler.neg_pos_ub"));
        assertEquals("RandomSampler", cfg.getString("model.train_cfg.rpn.sampler.type"));
        assertEquals("CombinedSampler", cfg.getString("model.train_cfg.rcnn.sampler.type"));
        assertEquals(512, cfg.getInt("model.train_cfg.rcnn.sampler.num"));
        assertEquals("InstanceBalancedPosSampler", cfg.getString("model.train_cfg.rcnn.sampler.pos_sampler.type"));
        assertEquals("IoUBalancedNegSampler", cfg.getString("model.train_cfg.rcnn.sampler.neg_sampler.type"));
        assertEquals(-1.0, cfg.getDouble("model.train_cfg.rcnn.sampler.neg_sampler.floor_thr"));
        assertEquals(3, cfg.getInt("model.train_cfg.rcnn.sampler.neg_sampler.num_bins"));
        try (NativeDetectorModel model = build(cfg)) {
            List<String> keys = model.stateDictKeys().lines().map(l -> l.split(" ")[0]).toList();
            assertTrue(keys.contains("neck.0.lateral_convs.0.conv.weight"), keys.toString());
            assertTrue(keys.containsAll(List.of("neck.1.refine.g.conv.weight", "neck.1.refine.theta.conv.weight",
                    "neck.1.refine.phi.conv.weight", "neck.1.refine.conv_out.conv.weight")), keys.toString());
        }
    }

    @Test
    void fcos() {
        Config cfg = load("configs/fcos/fcos_r50_caffe_fpn_gn-head_1x_coco.yaml");
        assertEquals("FCOS", cfg.getString("model.type"));
        assertEquals("caffe", cfg.getString("model.backbone.style"));
        assertFalse(cfg.getBool("model.backbone.norm_cfg.requires_grad"));
        assertEquals("open-mmlab://detectron/resnet50_caffe", cfg.getString("model.backbone.init_cfg.checkpoint"));
        assertEquals(1, cfg.getInt("model.neck.start_level"));
        assertEquals("on_output", cfg.getString("model.neck.add_extra_convs"));
        assertTrue(cfg.getBool("model.neck.relu_before_extra_convs"));
        assertEquals(List.of(8, 16, 32, 64, 128), cfg.getIntList("model.bbox_head.strides"));
        assertEquals("IoULoss", cfg.getString("model.bbox_head.loss_bbox.type"));
        assertEquals("CrossEntropyLoss", cfg.getString("model.bbox_head.loss_centerness.type"));
        assertEquals(List.of(102.9801, 115.9465, 122.7717), cfg.getDoubleList("img_norm_cfg.mean"));
        assertEquals(List.of(1.0, 1.0, 1.0), cfg.getDoubleList("img_norm_cfg.std"));
        assertFalse(cfg.getBool("data.train.pipeline.4.to_rgb"));
        assertEquals(0.01, cfg.getDouble("optimizer.lr"));
        assertEquals(2.0, cfg.getDouble("optimizer.paramwise_cfg.bias_lr_mult"));
        assertEquals(0.0, cfg.getDouble("optimizer.paramwise_cfg.bias_decay_mult"));
        assertEquals(35.0, cfg.getDouble("optimizer_config.grad_clip.max_norm"));
        assertEquals("constant", cfg.getString("lr_config.warmup"));
        assertEquals(1.0 / 3, cfg.getDouble("lr_config.warmup_ratio"), 1e-12);
        try (NativeDetectorModel model = build(cfg)) {
            String keys = model.stateDictKeys();
            for (String key : List.of("bbox_head.cls_convs.3.gn.weight", "bbox_head.conv_centerness.weight",
                    "bbox_head.scales.4.scale", "neck.fpn_convs.4.conv.weight")) {
                assertTrue(keys.contains(key + " "), key);
            }
            assertFalse(keys.contains("bbox_head.cls_convs.0.conv.bias"), "conv_bias='auto' with GroupNorm");
        }

        Config improved = load("configs/fcos/fcos_center-normbbox-centeronreg-giou_r50_caffe_fpn_gn-head_1x_coco.yaml");
        assertEquals("open-mmlab://detectron2/resnet50_caffe",
                improved.getString("model.backbone.init_cfg.checkpoint"));
        for (String flag : List.of("norm_on_bbox", "centerness_on_reg", "center_sampling", "conv_bias")) {
            assertTrue(improved.getBool("model.bbox_head." + flag), flag);
        }
        assertFalse(improved.getBool("model.bbox_head.dcn_on_last_conv"));
        assertEquals("GIoULoss", improved.getString("model.bbox_head.loss_bbox.type"));
        assertEquals(0.6, improved.getDouble("model.test_cfg.nms.iou_threshold"));
        assertEquals(100, improved.getInt("model.test_cfg.max_per_img"), "the rest of test_cfg is inherited");
        assertEquals(List.of(103.53, 116.28, 123.675), improved.getDoubleList("img_norm_cfg.mean"));
        assertEquals(List.of(103.53, 116.28, 123.675), improved.getDoubleList("data.train.pipeline.4.mean"));
        assertNull(improved.getDict("optimizer_config").get("grad_clip"), "grad_clip=None");
        assertEquals("linear", improved.getString("lr_config.warmup"));
        assertEquals(500, improved.getInt("lr_config.warmup_iters"));
        try (NativeDetectorModel model = build(improved)) {
            assertTrue(model.stateDictKeys().contains("bbox_head.cls_convs.0.conv.bias "), "conv_bias=True");
        }
    }

    @Test
    void ssd() {
        Config cfg = load("configs/ssd/ssd300_coco.yaml");
        assertEquals("SSDVGG", cfg.getString("model.backbone.type"));
        assertEquals(List.of(22, 34), cfg.getIntList("model.backbone.out_feature_indices"));
        assertEquals("open-mmlab://vgg16_caffe", cfg.getString("model.backbone.init_cfg.checkpoint"));
        assertEquals(List.of(2, 2, 1, 1), cfg.getIntList("model.neck.level_strides"));
        assertEquals(0.15, cfg.getDouble("model.bbox_head.anchor_generator.basesize_ratio_range.0"));
        assertEquals(3, cfg.getInt("model.train_cfg.neg_pos_ratio"));
        assertEquals(0.45, cfg.getDouble("model.test_cfg.nms.iou_threshold"));
        assertEquals(List.of(1.0, 1.0, 1.0), cfg.getDoubleList("img_norm_cfg.std"));
        assertEquals("RepeatDataset", cfg.getString("data.train.type"));
        assertEquals(5, cfg.getInt("data.train.times"));
        assertEquals("MinIoURandomCrop", cfg.getString("data.train.dataset.pipeline.3.type"));
        assertEquals(2e-3, cfg.getDouble("optimizer.lr"));
        assertFalse(cfg.has("optimizer_config.grad_clip"), "optimizer_config is replaced by an empty dict");
        assertEquals("CheckInvalidLossHook", cfg.getString("custom_hooks.1.type"));
        try (NativeDetectorModel model = build(cfg)) {
            String keys = model.stateDictKeys();
            for (String key : List.of("backbone.features.33.weight", "neck.l2_norm.weight",
                    "neck.extra_layers.3.1.conv.weight", "bbox_head.cls_convs.5.0.weight")) {
                assertTrue(keys.contains(key + " "), key);
            }
        }

        Config ssd512 = load("configs/ssd/ssd512_coco.yaml");
        assertEquals(4, ssd512.getInt("model.neck.last_kernel_size"));
        assertEquals(List.of(8, 16, 32, 64, 128, 256, 512), ssd512.getIntList("model.bbox_head.anchor_generator.strides"));
        assertEquals(512, ssd512.getInt("data.train.dataset.pipeline.4.img_scale.0"));
        assertEquals(5, ssd512.getInt("data.train.times"), "the rest of data.train is inherited");
        try (NativeDetectorModel model = build(ssd512)) {
            assertTrue(model.stateDictKeys().contains("neck.extra_layers.4.1.conv.weight "));
        }

        Config voc = load("configs/ssd/ssd300_voc0712.yaml");
        assertEquals(20, voc.getInt("model.bbox_head.num_classes"));
        assertEquals(0.2, voc.getDouble("model.bbox_head.anchor_generator.basesize_ratio_range.0"));
        assertEquals("SSDAnchorGenerator", voc.getString("model.bbox_head.anchor_generator.type"));
        assertEquals(10, voc.getInt("data.train.times"));
        assertEquals(List.of(16, 20), voc.getIntList("lr_config.step"));
        try (NativeDetectorModel model = build(voc)) {
            assertTrue(model.stateDictKeys().contains("bbox_head.cls_convs.0.0.weight "));
        }
    }

    @Test
    void faceDetectors() {
        Config mnet = load("configs/retinaface/retinaface_mnet025_widerface.yaml");
        assertEquals("RetinaFaceDataset", mnet.getString("data.train.type"));
        assertEquals("gt_keypoints", mnet.getString("data.train.pipeline.8.keys.3"));
        assertEquals(List.of(190, 220), mnet.getIntList("lr_config.step"));
        assertEquals("widerface", mnet.getString("evaluation.metric"));
        try (NativeDetectorModel model = build(mnet)) {
            String keys = model.stateDictKeys();
            for (String key : List.of("backbone.stage1.0.0.weight", "neck.0.output1.0.weight",
                    "neck.1.ssh3.conv7x7_3.0.weight", "bbox_head.LandmarkHead.2.conv1x1.weight")) {
                assertTrue(keys.contains(key + " "), key);
            }
            assertTrue(keys.contains("bbox_head.ClassHead.0.conv1x1.weight [4, 64, 1, 1]"), keys);
        }

        Config r50 = load("configs/retinaface/retinaface_r50_widerface.yaml");
        assertEquals("ResNet", r50.getString("model.backbone.type"));
        assertFalse(r50.has("model.backbone.widen_factor"), "the MobileNet keys are replaced");
        assertEquals(840, r50.getInt("data.train.pipeline.5.img_scale.0"));
        try (NativeDetectorModel model = build(r50)) {
            String keys = model.stateDictKeys();
            assertTrue(keys.contains("backbone.layer4.2.conv3.weight "), "torchvision's names");
            assertTrue(keys.contains("bbox_head.BboxHead.0.conv1x1.weight [8, 256, 1, 1]"), keys);
        }

        Config faceBoxes = load("configs/faceboxes/faceboxes_widerface.yaml");
        assertEquals(List.of(List.of(4, 2, 1), List.of(1), List.of(1)),
                faceBoxes.getList("model.bbox_head.prior_box.densities"));
        try (NativeDetectorModel model = build(faceBoxes)) {
            assertTrue(model.stateDictKeys().contains("bbox_head.loc.0.weight [84, 128, 3, 3]"));
        }
    }
}
