package org.mmdet4j.data.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.DataLoader;
import org.mmdet4j.data.loader.GroupSampler;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;
import org.mmdet4j.data.transforms.Compose;
import org.mmdet4j.data.transforms.Pipelines;
import org.mmdet4j.registry.Registries;

/** Pipelines and datasets built from config files through the registries. */
class ConfigPipelineTest {
    @TempDir
    Path dir;

    private static Path repo(String rel) {
        return Path.of(System.getProperty("user.dir")).resolve(rel);
    }

    @Test
    void mmdetectionPipelinesOfTheBaseConfigsBuild() {
        for (String f : List.of("configs/_base_/datasets/coco_detection.yaml", "configs/_base_/datasets/coco_instance.yaml",
                "configs/shapes/shapes_detection.yaml")) {
            ConfigDict root = Config.fromFile(repo(f)).root();
            Compose train = Pipelines.build((List<?>) root.get("train_pipeline"), "train_pipeline");
            assertEquals(8, train.transforms().size(), f);
            Pipelines.build((List<?>) root.get("test_pipeline"), "test_pipeline");
        }
    }

    @Test
    void testPipelinePresetsTheScaleAndNoFlip() throws Exception {
        Path data = dir.resolve("shapes");
        List<ShapesImage> imgs = new ShapesGenerator(2).split("val", 1);
        ShapesWriter.writeImages(data, imgs);
        ConfigDict root = Config.fromFile(repo("configs/shapes/shapes_detection.yaml")).root();
        Compose test = Pipelines.build((List<?>) root.get("test_pipeline"), "test_pipeline");
        org.mmdet4j.data.sample.DataInfo info = new org.mmdet4j.data.sample.DataInfo("1", imgs.get(0).fileName(),
                imgs.get(0).width(), imgs.get(0).height(), org.mmdet4j.data.sample.Annotations.empty());
        org.mmdet4j.data.sample.Sample s = test.apply(new org.mmdet4j.data.sample.Sample(0, info,
                data.resolve("JPEGImages").toString()), new java.util.Random(0));
        assertArrayEquals(new int[] {416, 320}, s.scale);
        assertEquals(Boolean.FALSE, s.flip);
        assertEquals(List.of("img"), s.keys);
        int h = imgs.get(0).height();
        int w = imgs.get(0).width();
        int[] expected = org.mmdet4j.data.transforms.Resize.rescaleSize(w, h, new int[] {416, 320});
        assertArrayEquals(new int[] {expected[1], expected[0], 3}, s.imgShape);
    }

    @Test
    void unknownTransformKeyIsAConfigErrorNamingThePath() {
        List<Object> cfg = List.of(Map.of("type", "Resize", "img_scale", List.of(1333, 800), "keep_ration", true));
        ConfigException e = assertThrows(ConfigException.class, () -> Pipelines.build(cfg, "train_pipeline"));
        assertTrue(e.getMessage().contains("train_pipeline.0") && e.getMessage().contains("keep_ratio"), e.getMessage());
    }

    @Test
    void shapesConfigBuildsADatasetAndALoader() throws Exception {
        Path data = dir.resolve("data/shapes");
        List<ShapesImage> imgs = new ShapesGenerator(1).split("train", 6);
        ShapesWriter.writeImages(data, imgs);
        ShapesWriter.writeCoco(data, "train", imgs);
        String yaml = Files.readString(repo("configs/shapes/shapes_detection.yaml"))
                .replace("data/shapes/", data.toString() + "/");
        Path cfgFile = Files.writeString(dir.resolve("shapes.yaml"), yaml);
        ConfigDict dataCfg = (ConfigDict) Config.fromFile(cfgFile).root().get("data");
        DetDataset ds = (DetDataset) Registries.DATASETS.build(dataCfg.get("train"), null, "data.train");
        assertEquals(6, ds.size());
        assertEquals(List.of("circle", "rectangle", "triangle"), ds.classes());
        DataLoader loader = new DataLoader(ds, new GroupSampler(ds.groupFlags(), 2, 0), 2, 2, 2, 0, 32);
        int images = 0;
        try (DataLoader.BatchIterator it = loader.epoch(0)) {
            while (it.hasNext()) {
                Batch b = it.next();
                images += b.n;
                assertEquals(3, b.channels);
                assertEquals(0, b.width % 32);
                assertTrue(Math.max(b.height, b.width) <= 416 + 31);
                assertEquals(b.n, b.gtBboxes.size());
                assertArrayEquals(new long[] {b.n, 3, b.height, b.width}, b.shape());
            }
        }
        assertEquals(loader.batchesPerEpoch() * 2, images);
    }
}
