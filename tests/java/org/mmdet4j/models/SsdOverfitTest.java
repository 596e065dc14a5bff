package org.mmdet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.runner.StepOutput;

/**
 * A tiny SSD (a ResNet-18's three last stages, SSDNeck with one extra level and L2Norm, SSDHead with
 * caffe-style anchors of explicit sizes, softmax classification and hard negative mining), built
 * from a config through the registry and trained from Java, overfits one generated image: COCO
 * bbox mAP 1.0 on the CPU. (A VGG backbone costs several times more per step than this test
 * needs; SSDVGG is tested natively.)
 */
class SsdOverfitTest {

    static Map<String, Object> tinySsd() {
        List<Integer> channels = List.of(128, 256, 512, 128);
        return Map.of(
                "type", "SingleStageDetector",
                "backbone", Map.of("type", "ResNet", "depth", 18, "out_indices", List.of(1, 2, 3), "frozen_stages", -1,
                        "norm_eval", false),
                "neck", Map.of("type", "SSDNeck", "in_channels", List.of(128, 256, 512), "out_channels", channels,
                        "level_strides", List.of(2), "level_paddings", List.of(1), "l2_norm_scale", 20),
                "bbox_head", Map.of("type", "SSDHead", "num_classes", 3, "in_channels", channels,
                        "anchor_generator", Map.of("type", "SSDAnchorGenerator", "scale_major", false,
                                "strides", List.of(8, 16, 32, 64),
                                "ratios", List.of(List.of(2), List.of(2, 3), List.of(2, 3), List.of(2)),
                                "min_sizes", List.of(16, 32, 64, 128), "max_sizes", List.of(32, 64, 128, 224)),
                        "bbox_coder", Map.of("type", "DeltaXYWHBBoxCoder", "target_means", List.of(0, 0, 0, 0),
                                "target_stds", List.of(0.1, 0.1, 0.2, 0.2))),
                "train_cfg", Map.of(
                        "assigner", Map.of("type", "MaxIoUAssigner", "pos_iou_thr", 0.5, "neg_iou_thr", 0.5,
                                "min_pos_iou", 0.0, "ignore_iof_thr", -1, "gt_max_assign_all", false),
                        "smoothl1_beta", 1.0, "neg_pos_ratio", 3),
                "test_cfg", Map.of("nms_pre", 1000, "score_thr", 0.3, "nms", Map.of("type", "nms", "iou_threshold", 0.45),
                        "max_per_img", 100));
    }

    @Test
    void overfitsOneImageToPerfectMap(@TempDir Path dir) throws Exception {
        OneImageOverfit image = OneImageOverfit.generate(dir, 3);
        NativeDetectorModel model = (NativeDetectorModel) Registries.DETECTORS.build(ConfigDict.of(tinySsd()));
        StepOutput[] steps = OneImageOverfit.train(model, image.batch(), 300, 200);
        String losses = steps[0].loss() + " -> " + steps[1].loss();
        assertTrue(steps[1].loss() < steps[0].loss() / 3, "loss " + losses);
        Map<String, Object> metrics = image.bboxMetrics(model);
        assertEquals(1.0, (double) metrics.get("bbox_mAP"), 1e-9, () -> "metrics " + metrics + ", loss " + losses);
    }
}
