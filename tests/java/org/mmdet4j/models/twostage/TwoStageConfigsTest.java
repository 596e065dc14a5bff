package org.mmdet4j.models.twostage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.DataLoader;
import org.mmdet4j.data.loader.SequentialSampler;
import org.mmdet4j.data.sample.InstanceMasks;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;
import org.mmdet4j.registry.Registries;

/** The shipped two-stage configs load and build through the registry, and their data carries masks. */
class TwoStageConfigsTest {
    private static Map<String, String> options(String file) {
        return TwoStageOptions.of(Config.fromFile(Path.of(file)).getDict("model"));
    }

    @Test
    void cocoConfigsBuild() {
        Map<String, String> faster = options("configs/faster_rcnn/faster_rcnn_r50_fpn_1x_coco.yaml");
        assertEquals("FasterRCNN", faster.get("type"));
        assertNull(faster.get("roi_head.mask_head.type"));
        Map<String, String> mask = options("configs/mask_rcnn/mask_rcnn_r50_fpn_1x_coco.yaml");
        assertEquals("MaskRCNN", mask.get("type"));
        assertEquals("80", mask.get("roi_head.mask_head.num_classes"));
        Config cfg = Config.fromFile(Path.of("configs/mask_rcnn/mask_rcnn_r50_fpn_1x_coco.yaml"));
        assertEquals(List.of("img", "gt_bboxes", "gt_labels", "gt_masks"), cfg.getStringList("data.train.pipeline.7.keys"));
        assertEquals(0.02, cfg.getDouble("optimizer.lr"));
    }

    @Test
    void shapesConfigsAreSmallAndMaskRcnnAddsOnlyTheMaskBranch() {
        Map<String, String> faster = options("configs/faster_rcnn/faster_rcnn_r18_fpn_shapes.yaml");
        Map<String, String> mask = options("configs/mask_rcnn/mask_rcnn_r18_fpn_shapes.yaml");
        for (Map<String, String> o : List.of(faster, mask)) {
            assertEquals("18", o.get("backbone.depth"));
            assertEquals("false", o.get("backbone.norm_eval"));
            assertNull(o.get("backbone.init_cfg.checkpoint"));
            assertEquals("64,128,256,512", o.get("neck.in_channels"));
            assertEquals("64", o.get("rpn_head.feat_channels"));
            assertEquals("4.0", o.get("rpn_head.anchor_generator.scales"));
            assertEquals("64", o.get("roi_head.bbox_roi_extractor.out_channels"));
            assertEquals("256", o.get("roi_head.bbox_head.fc_out_channels"));
            assertEquals("3", o.get("roi_head.bbox_head.num_classes"));
            assertEquals("256", o.get("train_cfg.rcnn.sampler.num"));
            assertEquals("500", o.get("train_cfg.rpn_proposal.max_per_img"));
            assertEquals("300", o.get("test_cfg.rpn.max_per_img"));
            assertEquals("50", o.get("test_cfg.rcnn.max_per_img"));
        }
        assertEquals("false", faster.get("train_cfg.rcnn.assigner.match_low_quality"));
        assertEquals("true", mask.get("train_cfg.rcnn.assigner.match_low_quality"));
        assertEquals("2", mask.get("roi_head.mask_head.num_convs"));
        assertEquals("64", mask.get("roi_head.mask_head.conv_out_channels"));
        assertEquals("14", mask.get("roi_head.mask_roi_extractor.roi_layer.output_size"));
        // Everything else is the same model.
        Map<String, String> withoutMaskBranch = new java.util.TreeMap<>(mask);
        withoutMaskBranch.keySet().removeIf(k -> k.startsWith("roi_head.mask_"));
        withoutMaskBranch.put("type", "FasterRCNN");
        withoutMaskBranch.put("train_cfg.rcnn.assigner.match_low_quality", "false");
        assertEquals(new java.util.TreeMap<>(faster), withoutMaskBranch);
    }

    @Test
    void shapesMaskDataReachesTheBatch(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shapes");
        List<ShapesImage> images = new ShapesGenerator(5).split("train", 3);
        ShapesWriter.writeImages(data, images);
        ShapesWriter.writeCoco(data, "train", images);
        Config cfg = Config.fromFile(Path.of("configs/mask_rcnn/mask_rcnn_r18_fpn_shapes.yaml"),
                List.of("data.train.data_root=" + data + "/"));
        ConfigDict train = cfg.getDict("data.train");
        DetDataset ds = Registries.DATASETS.build(train, null, "data.train", DetDataset.class);
        DataLoader loader = new DataLoader(ds, new SequentialSampler(ds.size()), 3, 0, 2, 0, 32);
        try (DataLoader.BatchIterator it = loader.epoch(0)) {
            Batch b = it.next();
            assertEquals(3, b.n);
            assertEquals(3, b.gtMasks.size());
            for (int i = 0; i < b.n; i++) {
                InstanceMasks masks = b.gtMasks.get(i);
                int objects = b.gtBboxes.get(i).length / 4;
                assertEquals(images.get(b.indices[i]).objects().size(), objects);
                assertEquals(objects, masks.size());
                // In the image's padded frame, which fits the batch frame.
                assertEquals(b.metas.get(i).padShape()[0], masks.height());
                assertEquals(b.metas.get(i).padShape()[1], masks.width());
                assertTrue(masks.height() <= b.height && masks.width() <= b.width);
                // Each mask fills its (resized, maybe flipped) box: the polygon is rasterized at the
                // original size (as pycocotools) and resized nearest-neighbour, so its pixel
                // box may differ from the float box by up to about two pixels.
                float[] fromMask = masks.boundingBoxes();
                float[] box = b.gtBboxes.get(i);
                for (int k = 0; k < 4 * objects; k++) {
                    assertEquals(box[k], fromMask[k], 2.5, "image " + i + " value " + k);
                }
            }
        }
    }
}
