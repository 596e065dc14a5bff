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
 * A tiny FCOS (ResNet-18, 64-channel FPN, GroupNorm head, with the centre-sampling / norm_on_bbox /
 * GIoU improvements of the shapes config), built from a config through the registry and trained
 * from Java, overfits one generated image: COCO bbox mAP 1.0 on the CPU.
 */
class FcosOverfitTest {

    static Map<String, Object> tinyFcos() {
        return Map.of(
                "type", "FCOS",
                "backbone", Map.of("type", "ResNet", "depth", 18, "out_indices", List.of(1, 2, 3), "frozen_stages", -1,
                        "norm_eval", false),
                "neck", Map.of("type", "FPN", "in_channels", List.of(128, 256, 512), "out_channels", 64,
                        "start_level", 0, "add_extra_convs", "on_output", "num_outs", 4,
                        "relu_before_extra_convs", true),
                "bbox_head", Map.ofEntries(Map.entry("type", "FCOSHead"), Map.entry("num_classes", 3),
                        Map.entry("in_channels", 64), Map.entry("feat_channels", 64), Map.entry("stacked_convs", 2),
                        Map.entry("strides", List.of(8, 16, 32, 64)),
                        Map.entry("regress_ranges", List.of(List.of(-1, 32), List.of(32, 64), List.of(64, 128),
                                List.of(128, 1e8))),
                        Map.entry("norm_cfg", Map.of("type", "GN", "num_groups", 32)),
                        Map.entry("center_sampling", true), Map.entry("norm_on_bbox", true),
                        Map.entry("centerness_on_reg", true), Map.entry("conv_bias", true),
                        Map.entry("loss_bbox", Map.of("type", "GIoULoss"))),
                "test_cfg", Map.of("nms_pre", 1000, "score_thr", 0.3, "nms", Map.of("type", "nms", "iou_threshold", 0.5),
                        "max_per_img", 100));
    }

    @Test
    void overfitsOneImageToPerfectMap(@TempDir Path dir) throws Exception {
        OneImageOverfit image = OneImageOverfit.generate(dir, 3);
        NativeDetectorModel model = (NativeDetectorModel) Registries.DETECTORS.build(ConfigDict.of(tinyFcos()));
        // A step schedule, as the configs have: the boxes settle at a tenth of the rate.
        StepOutput[] steps = OneImageOverfit.train(model, image.batch(), 400, 300);
        String losses = steps[0].loss() + " -> " + steps[1].loss();
        assertTrue(steps[1].loss() < steps[0].loss() / 3, "loss " + losses);
        Map<String, Object> metrics = image.bboxMetrics(model);
        assertEquals(1.0, (double) metrics.get("bbox_mAP"), 1e-9, () -> "metrics " + metrics + ", loss " + losses);
    }
}
