package org.mmdet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.Collate;
import org.mmdet4j.data.sample.BitmapMasks;
import org.mmdet4j.data.sample.InstanceMasks;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.runner.Detections;
import org.mmdet4j.runner.GradClip;
import org.mmdet4j.runner.OptimizerConfig;
import org.mmdet4j.runner.StepOutput;

/**
 * The shapes Mask R-CNN through the native library (needs the native build, like the other
 * tests of this package): mmdetection's parameter names, a training step on masks from the
 * config's pipeline (also with an image without objects), and predictions with masks at the
 * original image size.
 */
class MaskRcnnNativeTest {
    private static final Path CONFIG = Path.of("configs/mask_rcnn/mask_rcnn_r18_fpn_shapes.yaml");

    @Test
    void buildsTrainsAndPredictsMasks(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shapes");
        List<ShapesImage> images = new ShapesGenerator(3).split("train", 2);
        ShapesWriter.writeImages(data, images);
        ShapesWriter.writeCoco(data, "train", images);
        Config cfg = Config.fromFile(CONFIG, List.of("data.train.data_root=" + data + "/",
                "data.test.data_root=" + data + "/", "data.test.ann_file=annotations/instances_train.json"));

        try (NativeDetectorModel model = (NativeDetectorModel) Registries.DETECTORS.build(cfg.getDict("model"))) {
            assertTrue(model.withMask());
            String keys = model.stateDictKeys();
            for (String key : List.of("rpn_head.rpn_conv.weight [64, 64, 3, 3]", "rpn_head.rpn_cls.weight [3, 64, 1, 1]",
                    "rpn_head.rpn_reg.weight [12, 64, 1, 1]", "roi_head.bbox_head.shared_fcs.0.weight [256, 3136]",
                    "roi_head.bbox_head.fc_cls.weight [4, 256]", "roi_head.bbox_head.fc_reg.weight [12, 256]",
                    "roi_head.mask_head.convs.1.conv.weight [64, 64, 3, 3]",
                    "roi_head.mask_head.upsample.weight [64, 64, 2, 2]",
                    "roi_head.mask_head.conv_logits.weight [3, 64, 1, 1]")) {
                assertTrue(keys.contains(key), () -> key + " missing from\n" + keys);
            }

            DetDataset train = Registries.DATASETS.build(cfg.getDict("data.train"), null, "data.train", DetDataset.class);
            List<Sample> samples = List.of(train.get(0, new Random(0)), train.get(1, new Random(0)));
            Batch batch = Collate.collate(samples, 32);
            model.configureOptimizer(OptimizerConfig.sgd(0.01, 0.9, 1e-4));
            model.setGradClip(new GradClip(35, 2));
            model.trainMode();
            StepOutput step = model.trainStep(batch);
            assertTrue(step.updated() && Double.isFinite(step.loss()), step.toString());
            assertTrue(step.losses().keySet().containsAll(List.of("loss_rpn_cls", "loss_rpn_bbox", "loss_cls",
                    "loss_bbox", "loss_mask")), step.losses().toString());

            // The second image without objects: no boxes, no masks.
            InstanceMasks none = new BitmapMasks(List.of(), batch.gtMasks.get(1).height(), batch.gtMasks.get(1).width());
            Batch oneEmpty = new Batch(batch.images, batch.n, batch.channels, batch.height, batch.width, batch.metas,
                    List.of(batch.gtBboxes.get(0), new float[0]), List.of(batch.gtLabels.get(0), new long[0]),
                    batch.gtBboxesIgnore, List.of(batch.gtMasks.get(0), none), batch.indices);
            StepOutput empty = model.trainStep(oneEmpty);
            assertTrue(empty.updated() && Double.isFinite(empty.loss()), empty.toString());

            model.evalMode();
            DetDataset test = Registries.DATASETS.build(cfg.getDict("data.test").with("test_mode", true), null,
                    "data.test", DetDataset.class);
            List<Sample> testSamples = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                testSamples.add(test.get(i, new Random(0)));
            }
            Batch testBatch = Collate.collate(testSamples, 32);
            List<Detections> dets = model.predict(testBatch);
            assertEquals(testBatch.n, dets.size());
            for (int i = 0; i < dets.size(); i++) {
                Detections d = dets.get(i);
                assertTrue(d.hasMasks());
                int[] ori = testBatch.metas.get(i).oriShape();
                for (int k = 0; k < d.size(); k++) {
                    assertEquals(ori[0], d.masks()[k].height());
                    assertEquals(ori[1], d.masks()[k].width());
                }
            }
        }
    }
}
