package org.mmdet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.bindings.NativeException;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.ImageMeta;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.runner.OptimizerConfig;
import org.mmdet4j.runner.StepOutput;

/** Building detectors from configs, checkpoints, and what bad input does. */
class NativeDetectorModelTest {
    private static NativeDetectorModel model;

    @BeforeAll
    static void build() {
        model = build(RetinaNetOverfitTest.tinyRetinaNet());
        model.configureOptimizer(OptimizerConfig.sgd(0.01, 0.9, 1e-4));
    }

    static NativeDetectorModel build(Map<String, Object> cfg) {
        return (NativeDetectorModel) Registries.DETECTORS.build(ConfigDict.of(cfg));
    }

    static Batch batch(float[] images, int n, int h, int w, float[] boxes, long[] labels) {
        Map<String, Object> meta = new HashMap<>();
        meta.put("img_shape", new int[] {h, w, 3});
        meta.put("ori_shape", new int[] {h, w, 3});
        meta.put("pad_shape", new int[] {h, w, 3});
        meta.put("scale_factor", new float[] {1, 1, 1, 1});
        List<ImageMeta> metas = java.util.Collections.nCopies(n, new ImageMeta(meta));
        return new Batch(images, n, 3, h, w, metas, java.util.Collections.nCopies(n, boxes),
                java.util.Collections.nCopies(n, labels), java.util.Collections.nCopies(n, new float[0]), List.of(),
                new int[n]);
    }

    @Test
    void mmdetectionRetinaNetConfigBuildsWithMmdetectionKeys() {
        Config cfg = Config.fromFile(Path.of("configs/retinanet/retinanet_r50_fpn_1x_coco.yaml"));
        ConfigDict modelCfg = cfg.getDict("model").with("backbone",
                cfg.getDict("model.backbone").with("init_cfg", null));  // no ImageNet file offline
        NativeDetectorModel r50 = build(modelCfg);
        String keys = r50.stateDictKeys();
        assertTrue(keys.contains("backbone.layer4.2.conv3.weight [2048, 512, 1, 1]"), keys);
        assertTrue(keys.contains("neck.fpn_convs.4.conv.weight [256, 256, 3, 3]"), keys);
        assertTrue(keys.contains("bbox_head.retina_cls.weight [720, 256, 3, 3]"), keys);  // 9 anchors x 80 classes
        assertEquals(80, r50.numClasses());
        r50.close();
    }

    @Test
    void configErrorsNameThePath() {
        Map<String, Object> cfg = new HashMap<>(RetinaNetOverfitTest.tinyRetinaNet());
        Map<String, Object> neck = new HashMap<>((Map<String, Object>) cfg.get("neck"));
        neck.put("add_extra_convs", "on_inputs");
        cfg.put("neck", neck);
        ConfigException e = assertThrows(ConfigException.class, () -> build(cfg));
        assertTrue(e.getMessage().contains("neck.add_extra_convs"), e.getMessage());
        Map<String, Object> backbone = new HashMap<>((Map<String, Object>) cfg.get("backbone"));
        backbone.put("depth", 42);
        cfg.put("neck", RetinaNetOverfitTest.tinyRetinaNet().get("neck"));
        cfg.put("backbone", backbone);
        e = assertThrows(ConfigException.class, () -> build(cfg));
        assertTrue(e.getMessage().contains("backbone.depth: invalid depth 42"), e.getMessage());
    }

    @Test
    void badBatchesGiveClearErrors() {
        int h = 64;
        int w = 64;
        float[] ok = new float[3 * h * w];
        float[] box = {4, 4, 30, 30};
        float[] nan = ok.clone();
        nan[17] = Float.NaN;
        assertMessage("images contain NaN", () -> model.trainStep(batch(nan, 1, h, w, box, new long[] {0})));
        assertMessage("gt_labels must be in [0, 3)", () -> model.trainStep(batch(ok, 1, h, w, box, new long[] {7})));
        assertMessage("gt_boxes have x2 < x1", () -> model.trainStep(batch(ok, 1, h, w,
                new float[] {30, 4, 4, 30}, new long[] {0})));
        // A batch whose arrays disagree with its shape is caught before it reaches native code.
        assertThrows(RuntimeException.class, () -> model.trainStep(batch(new float[10], 1, h, w, box, new long[] {0})));
        // An image without objects trains (every anchor negative).
        StepOutput empty = model.trainStep(batch(ok, 1, h, w, new float[0], new long[0]));
        assertTrue(empty.updated() && Double.isFinite(empty.loss()), empty.toString());
    }

    @Test
    void checkpointsRoundTripAndForeignFilesAreRejected(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("tiny.pth");
        model.saveCheckpoint(ckpt, true, "{\"epoch\": 3}");
        NativeDetectorModel other = build(RetinaNetOverfitTest.tinyRetinaNet());
        other.configureOptimizer(OptimizerConfig.sgd(0.01, 0.9, 1e-4));
        // The meta goes into the file as a dict (as mmcv writes it) and comes back as the same JSON.
        assertEquals(new ObjectMapper().readTree("{\"epoch\": 3}"),
                new ObjectMapper().readTree(other.loadCheckpoint(ckpt, true)));

        Map<String, Object> bigger = new HashMap<>(RetinaNetOverfitTest.tinyRetinaNet());
        Map<String, Object> head = new HashMap<>((Map<String, Object>) bigger.get("bbox_head"));
        head.put("num_classes", 5);
        bigger.put("bbox_head", head);
        NativeDetectorModel fiveClasses = build(bigger);
        fiveClasses.configureOptimizer(OptimizerConfig.sgd(0.01, 0.9, 1e-4));
        assertMessage("bbox_head.retina_cls.weight: file [27, 64, 3, 3] vs model [45, 64, 3, 3]",
                () -> fiveClasses.loadCheckpoint(ckpt, false));

        byte[] bytes = Files.readAllBytes(ckpt);
        Path truncated = dir.resolve("truncated.pth");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertMessage("is not a readable PyTorch file", () -> other.loadCheckpoint(truncated, false));
        assertMessage("is not a readable PyTorch file", () -> other.loadCheckpoint(dir.resolve("missing.pth"), false));
        assertFalse(Files.exists(dir.resolve("tiny.pth.tmp")));
        other.close();
        fiveClasses.close();
    }

    private static void assertMessage(String expected, Runnable call) {
        NativeException e = assertThrows(NativeException.class, call::run);
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }
}
