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
 * A tiny RepPoints (ResNet-18, 64-channel FPN, GroupNorm head, moment transform), built from a
 * config through the registry and trained from Java, overfits one generated image: COCO bbox mAP
 * 1.0 on the CPU.
 */
class RepPointsOverfitTest {

    static Map<String, Object> tinyRepPoints() {
        Map<String, Object> gn = Map.of("type", "GN", "num_groups", 32);
        return Map.of(
                "type", "RepPointsDetector",
                "backbone", Map.of("type", "ResNet", "depth", 18, "out_indices", List.of(1, 2, 3), "frozen_stages", -1,
                        "norm_eval", false),
                "neck", Map.of("type", "FPN", "in_channels", List.of(128, 256, 512), "out_channels", 64,
                        "start_level", 0, "add_extra_convs", "on_input", "num_outs", 4, "norm_cfg", gn),
                "bbox_head", Map.ofEntries(Map.entry("type", "RepPointsHead"), Map.entry("num_classes", 3),
                        Map.entry("in_channels", 64), Map.entry("feat_channels", 64),
                        Map.entry("point_feat_channels", 64), Map.entry("stacked_convs", 2),
                        Map.entry("point_strides", List.of(8, 16, 32, 64)), Map.entry("norm_cfg", gn),
                        Map.entry("transform_method", "moment")),
                "train_cfg", Map.of(
                        "init", Map.of("assigner", Map.of("type", "PointAssigner", "scale", 4, "pos_num", 1)),
                        "refine", Map.of("assigner", Map.of("type", "MaxIoUAssigner", "pos_iou_thr", 0.5,
                                "neg_iou_thr", 0.4, "min_pos_iou", 0))),
                "test_cfg", Map.of("nms_pre", 1000, "score_thr", 0.3, "nms", Map.of("type", "nms", "iou_threshold", 0.5),
                        "max_per_img", 100));
    }

    @Test
    void overfitsOneImageToPerfectMap(@TempDir Path dir) throws Exception {
        OneImageOverfit image = OneImageOverfit.generate(dir, 3);
        NativeDetectorModel model = (NativeDetectorModel) Registries.DETECTORS.build(ConfigDict.of(tinyRepPoints()));
        StepOutput[] steps = OneImageOverfit.train(model, image.batch(), 400, 300);
        String losses = steps[0].loss() + " -> " + steps[1].loss();
        assertTrue(steps[1].loss() < steps[0].loss() / 3, "loss " + losses);
        Map<String, Object> metrics = image.bboxMetrics(model);
        assertEquals(1.0, (double) metrics.get("bbox_mAP"), 1e-9, () -> "metrics " + metrics + ", loss " + losses);
    }
}
