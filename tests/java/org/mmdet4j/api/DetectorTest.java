package org.mmdet4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.Collate;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.runner.GradClip;
import org.mmdet4j.runner.OptimizerConfig;
import org.mmdet4j.runner.TrainSetup;
import org.mmdet4j.runner.TrainableModel;

/**
 * The Detector API on a checkpoint trained here: the demo's RetinaNet overfits one generated
 * image (as in RetinaNetOverfitTest, fewer steps), is saved, and loaded through the config.
 */
class DetectorTest {
    @TempDir
    static Path dir;
    static Config cfg;
    static Path checkpoint;
    static Path image;
    static float[] gtBoxes;
    static Detector detector;

    @BeforeAll
    static void trainAndLoad() throws Exception {
        ShapesFixture.writeShapes(dir, 1, 1);
        cfg = ShapesFixture.demoConfig(dir);
        DetDataset train = TrainSetup.dataset(cfg.getDict("data.train"), null);
        DataInfo info = train.info(0);
        image = dir.resolve("JPEGImages").resolve(info.filename());
        gtBoxes = info.ann().bboxes();
        Batch batch = Collate.collate(List.of(train.get(0, new Random(0))), 32);
        TrainableModel model = TrainSetup.buildModel(cfg);
        model.configureOptimizer(OptimizerConfig.sgd(0.01, 0.9, 1e-4));
        model.setGradClip(new GradClip(35, 2));
        model.trainMode();
        for (int i = 0; i < 120; i++) {
            assertTrue(model.trainStep(batch).updated(), "step " + i);
        }
        checkpoint = dir.resolve("tiny.pth");
        model.saveCheckpoint(checkpoint, false, "{\"CLASSES\": [\"circle\", \"rectangle\", \"triangle\"]}");
        ((AutoCloseable) model).close();
        detector = Detector.fromConfig(cfg, checkpoint);
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void findsTheObjectsOfTheTrainingImageInOriginalPixels() {
        List<Detection> dets = detector.detect(image);
        assertEquals(List.of("circle", "rectangle", "triangle"), detector.classes());
        assertFalse(dets.isEmpty());
        for (int i = 1; i < dets.size(); i++) {
            assertTrue(dets.get(i - 1).score() >= dets.get(i).score(), "sorted by score");
        }
        // Every ground-truth box is found (IoU > 0.5) by a confident detection of the right size.
        for (int g = 0; g < gtBoxes.length / 4; g++) {
            double best = 0;
            for (Detection d : dets) {
                if (d.score() >= 0.3) {
                    best = Math.max(best, iou(d, gtBoxes, g));
                }
            }
            assertTrue(best > 0.5, "ground truth " + g + " best IoU " + best + " in " + dets);
        }
        for (Detection d : dets) {
            assertEquals(detector.classes().get(d.label()), d.className());
        }
    }

    @Test
    void bufferedImageGivesTheSameDetectionsAsTheFile() throws Exception {
        assertEquals(detector.detect(image), detector.detect(ImageIO.read(image.toFile())));
    }

    @Test
    void encodedBytesAndStreamsAreDecodedAsImageIoDoes() throws Exception {
        List<Detection> decoded = detector.detect(ImageIO.read(image.toFile()));
        assertEquals(decoded, detector.detect(Files.readAllBytes(image)));
        try (var in = Files.newInputStream(image)) {
            assertEquals(decoded, detector.detect(in));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> detector.detect(new byte[] {1, 2, 3}));
        assertEquals("cannot read an image from 3 bytes: not a format ImageIO knows (JPEG, PNG, BMP, GIF)",
                e.getMessage());
    }

    @Test
    void aBatchOfImagesGivesEachImagesDetections() throws Exception {
        BufferedImage one = ImageIO.read(image.toFile());
        // The same size (a padded smaller image would see the padding at its border): the mirror image.
        BufferedImage mirrored = new BufferedImage(one.getWidth(), one.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var g = mirrored.createGraphics();
        g.drawImage(one, one.getWidth(), 0, -one.getWidth(), one.getHeight(), null);
        g.dispose();
        List<List<Detection>> batch = detector.detect(List.of(one, mirrored));
        assertEquals(2, batch.size());
        // Each image's own detections; the kernels run over two images at once, so values agree
        // to rounding rather than bit for bit.
        List<List<Detection>> alone = List.of(detector.detect(one), detector.detect(mirrored));
        for (int i = 0; i < 2; i++) {
            List<Detection> b = batch.get(i).stream().filter(d -> d.score() >= 0.3f).toList();
            List<Detection> a = alone.get(i).stream().filter(d -> d.score() >= 0.3f).toList();
            assertEquals(a.size(), b.size(), "image " + i);
            for (int k = 0; k < a.size(); k++) {
                assertEquals(a.get(k).label(), b.get(k).label());
                assertEquals(a.get(k).x1(), b.get(k).x1(), 0.5);
                assertEquals(a.get(k).y2(), b.get(k).y2(), 0.5);
                assertEquals(a.get(k).score(), b.get(k).score(), 1e-2);
            }
        }
        assertEquals(List.of(), detector.detect(List.<BufferedImage>of()));
    }

    @Test
    void concurrentCallsGiveIdenticalResults() throws Exception {
        List<Detection> expected = detector.detect(image);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Detection>>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> detector.detect(image)));
            }
            for (Future<List<Detection>> f : futures) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void bfloat16DetectorFindsTheSameObjects() {
        List<Detection> fp32 = detector.detect(image);
        try (Detector bf16 = Detector.fromConfig(cfg, checkpoint, "bf16")) {
            List<Detection> reduced = bf16.detect(image);
            // The confident detections; boxes scored near the 0.3 threshold move between bfloat16
            // kernels (AVX-512 BF16 on AMD EPYC, AMX on Intel Xeon) and are not compared.
            for (Detection d : fp32) {
                if (d.score() < 0.5) {
                    continue;
                }
                boolean found = false;
                for (Detection r : reduced) {
                    float[] box = {d.x1(), d.y1(), d.x2(), d.y2()};
                    found |= r.label() == d.label() && iou(r, box, 0) > 0.9 && Math.abs(r.score() - d.score()) < 0.05;
                }
                assertTrue(found, d + " has no bfloat16 counterpart in " + reduced);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Detector.fromConfig(cfg, checkpoint, "fp16"));
        assertTrue(e.getMessage().contains("precision fp16 needs a CUDA device; on the CPU use bf16"), e.getMessage());
    }

    @Test
    void closedDetectorRefusesCalls() {
        Detector second = Detector.fromConfig(cfg, checkpoint);
        second.close();
        second.close();
        assertThrows(IllegalStateException.class, () -> second.detect(image));
    }

    @Test
    void checkpointOfAnotherModelIsAClearError() {
        Config other = cfg.with("model.bbox_head.num_classes", 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Detector.fromConfig(other, checkpoint));
        assertTrue(e.getMessage().contains("cannot load"), e.getMessage());
    }

    private static double iou(Detection d, float[] gt, int g) {
        double ix = Math.min(d.x2(), gt[4 * g + 2]) - Math.max(d.x1(), gt[4 * g]);
        double iy = Math.min(d.y2(), gt[4 * g + 3]) - Math.max(d.y1(), gt[4 * g + 1]);
        double inter = Math.max(0, ix) * Math.max(0, iy);
        double a = (double) d.width() * d.height();
        double b = (double) (gt[4 * g + 2] - gt[4 * g]) * (gt[4 * g + 3] - gt[4 * g + 1]);
        return inter / (a + b - inter);
    }
}
