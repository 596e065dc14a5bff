package org.mmdet4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mmdet4j.config.ConfigTestFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped configs/_base_ tree loads, composes like mmdetection's, and holds mmdetection's values. */
class BaseConfigsTest {
    private static final Path BASE = Path.of("configs/_base_").toAbsolutePath();

    @TempDir
    Path dir;

    private Config compose(String... bases) {
        StringBuilder yaml = new StringBuilder("_base_:\n");
        for (String base : bases) {
            yaml.append("  - ").append(BASE.resolve(base)).append('\n');
        }
        return Config.fromFile(write(dir, "composed.yaml", yaml.toString()));
    }

    @Test
    void everyBaseFileLoads() throws IOException {
        try (Stream<Path> files = Files.walk(BASE)) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertEquals(12, yamls.size(), yamls.toString());
            for (Path file : yamls) {
                Config.fromFile(file);
            }
        }
    }

    @Test
    void fasterRcnnComposesFromFourBases() {
        Config cfg = compose("models/faster_rcnn_r50_fpn.yaml", "datasets/coco_detection.yaml",
                "schedules/schedule_1x.yaml", "default_runtime.yaml");
        assertEquals("FasterRCNN", cfg.getString("model.type"));
        assertEquals(80, cfg.getInt("model.roi_head.bbox_head.num_classes"));
        assertEquals(List.of(0.1, 0.1, 0.2, 0.2), cfg.getDoubleList("model.roi_head.bbox_head.bbox_coder.target_stds"));
        assertEquals(2000, cfg.getInt("model.train_cfg.rpn_proposal.nms_pre"));
        assertEquals(512, cfg.getInt("model.train_cfg.rcnn.sampler.num"));
        assertEquals(12, cfg.getInt("runner.max_epochs"));
        assertEquals(List.of(List.of("train", 1)), cfg.getList("workflow"));
    }

    @Test
    void maskRcnnAddsTheMaskBranch() {
        Config cfg = compose("models/mask_rcnn_r50_fpn.yaml", "datasets/coco_instance.yaml",
                "schedules/schedule_2x.yaml", "default_runtime.yaml");
        assertEquals(14, cfg.getInt("model.roi_head.mask_roi_extractor.roi_layer.output_size"));
        assertEquals(28, cfg.getInt("model.train_cfg.rcnn.mask_size"));
        assertEquals(0.5, cfg.getDouble("model.test_cfg.rcnn.mask_thr_binary"));
        assertEquals(List.of("img", "gt_bboxes", "gt_labels", "gt_masks"),
                cfg.getStringList("data.train.pipeline.7.keys"));
        assertEquals(List.of("bbox", "segm"), cfg.getStringList("evaluation.metric"));
        assertEquals(List.of(16, 22), cfg.getIntList("lr_config.step"));
        assertEquals(24, cfg.getInt("runner.max_epochs"));
    }

    @Test
    void vocRepeatsTrainvalThreeTimes() {
        Config cfg = Config.fromFile(BASE.resolve("datasets/voc0712.yaml"));
        assertEquals("RepeatDataset", cfg.getString("data.train.type"));
        assertEquals(3, cfg.getInt("data.train.times"));
        assertEquals(2, cfg.getList("data.train.dataset.ann_file").size());
        assertEquals(List.of(1000, 600), cfg.getIntList("data.train.dataset.pipeline.2.img_scale"));
        assertEquals("mAP", cfg.getString("evaluation.metric"));
    }

    @Test
    void retinanetFineTuneOverridesLikeAnMmdetectionUserWould() {
        Path child = write(dir, "retinanet_3cls.py", "_base_ = ['" + BASE.resolve("models/retinanet_r50_fpn.yaml")
                + "', '" + BASE.resolve("datasets/coco_detection.yaml") + "']\n"
                + "model = dict(bbox_head=dict(num_classes=3))\n"
                + "data = dict(samples_per_gpu=4)\n");
        Config cfg = Config.fromFile(child, List.of("data.train.pipeline.2.img_scale=(640,480)"));
        assertEquals(3, cfg.getInt("model.bbox_head.num_classes"));
        assertEquals(256, cfg.getInt("model.bbox_head.in_channels"));
        assertEquals(4, cfg.getInt("data.samples_per_gpu"));
        assertEquals(2, cfg.getInt("data.workers_per_gpu"));
        assertEquals(List.of(640, 480), cfg.getIntList("data.train.pipeline.2.img_scale"));
        // The YAML alias gave val and test the same pipeline; an override of train leaves both alone.
        assertEquals(List.of(1333, 800), cfg.getIntList("data.val.pipeline.1.img_scale"));
    }
}
