package org.mmdet4j.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.sample.Keypoints;
import org.mmdet4j.data.shapes.JpegEncoder;
import org.mmdet4j.registry.Registries;

class RetinaFaceDatasetTest {
    private static final String LABELS = """
            # 0--Parade/a.jpg
            10 20 30 40 15.5 30.25 0.0 34.5 30.5 0.0 25.0 40.0 0.0 18.0 50.0 1.0 32.0 50.5 0.0 0.9
            50 5 6 4 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 0.2
            70 10 0 8 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 0.1
            # 1--Handshaking/b.jpg
            1 2 20 25
            """;

    @TempDir
    Path dir;

    private Path images() throws Exception {
        Path root = dir.resolve("images");
        jpeg(root.resolve("0--Parade/a.jpg"), 96, 64);
        jpeg(root.resolve("1--Handshaking/b.jpg"), 48, 80);
        jpeg(root.resolve("0--Parade/c.jpg"), 40, 40);
        return root;
    }

    private static void jpeg(Path file, int w, int h) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, JpegEncoder.encode(new byte[w * h * 3], w, h));
    }

    @Test
    void labelFileGivesBoxesKeypointsAndSizes() throws Exception {
        Path root = images();
        Path ann = Files.writeString(dir.resolve("label.txt"), LABELS);
        ParsedDataset p = RetinaFaceDataset.parse(ann, root, 0);
        assertTrue(p.problems().isEmpty());
        assertEquals(List.of("face"), p.classes());
        assertEquals(2, p.infos().size());

        DataInfo a = p.infos().get(0);
        assertEquals("0--Parade/a.jpg", a.filename());
        assertEquals("0--Parade/a", a.id());
        assertEquals(96, a.width());
        assertEquals(64, a.height());
        Annotations ann0 = a.ann();
        // (x, y, x + w, y + h); the zero-width face is left out.
        assertArrayEquals(new float[] {10, 20, 40, 60, 50, 5, 56, 9}, ann0.bboxes());
        assertArrayEquals(new long[] {0, 0}, ann0.labels());
        assertEquals(0, ann0.bboxesIgnore().length);
        Keypoints kp = ann0.keypoints();
        assertEquals(5, kp.pointsPerInstance());
        // Given points are visible, the occluded (flag 1) mouth corner too; the second face has none.
        assertArrayEquals(new float[] {15.5f, 30.25f, 1, 34.5f, 30.5f, 1, 25, 40, 1, 18, 50, 1, 32, 50.5f, 1,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, kp.values());
        assertFalse(kp.hasAny(1));
        assertEquals(List.of("line 1 ('0--Parade/a.jpg') face #1", "line 1 ('0--Parade/a.jpg') face #2"),
                ann0.annIds());

        DataInfo b = p.infos().get(1);
        assertEquals(48, b.width());
        assertEquals(80, b.height());
        assertArrayEquals(new float[] {1, 2, 21, 27}, b.ann().bboxes());
        assertFalse(b.ann().keypoints().hasAny(0), "a box-only line has no landmarks");
    }

    @Test
    void minSizeSendsSmallFacesToTheIgnoreSet() throws Exception {
        Path root = images();
        Path ann = Files.writeString(dir.resolve("label.txt"), LABELS);
        Annotations a = RetinaFaceDataset.parse(ann, root, 5).infos().get(0).ann();
        assertArrayEquals(new float[] {10, 20, 40, 60}, a.bboxes());
        assertArrayEquals(new float[] {50, 5, 56, 9}, a.bboxesIgnore());
        assertArrayEquals(new long[] {0}, a.labelsIgnore());
        assertEquals(1, a.keypoints().count());
    }

    @Test
    void widerBoxFileGivesBoxesWithoutLandmarksAndIgnoresInvalidFaces() throws Exception {
        Path root = images();
        Path ann = Files.writeString(dir.resolve("wider_face_train_bbx_gt.txt"), """
                0--Parade/a.jpg
                2
                10 20 30 40 0 0 0 0 0 0
                50 5 6 4 2 0 0 1 0 0
                1--Handshaking/b.jpg
                0
                0 0 0 0 0 0 0 0 0 0
                """);
        ParsedDataset p = RetinaFaceDataset.parse(ann, root, 0);
        assertEquals(2, p.infos().size());
        Annotations a = p.infos().get(0).ann();
        assertArrayEquals(new float[] {10, 20, 40, 60}, a.bboxes());
        assertArrayEquals(new float[] {50, 5, 56, 9}, a.bboxesIgnore());
        assertArrayEquals(new float[15], a.keypoints().values());
        assertEquals(0, p.infos().get(1).ann().count());
    }

    @Test
    void missingImagesAndOutsideBoxesAreInvalidEntriesNamingTheLine() throws Exception {
        Path root = images();
        Path ann = Files.writeString(dir.resolve("label.txt"), LABELS + "# 2--Demo/missing.jpg\n1 1 5 5\n"
                + "# 0--Parade/c.jpg\n200 300 5 5\n");
        ParsedDataset p = RetinaFaceDataset.parse(ann, root, 0);
        assertEquals(2, p.infos().size());
        List<String> dropped = p.problems().droppedImages();
        assertEquals(2, dropped.size());
        assertTrue(dropped.get(0).contains("line 7 ('2--Demo/missing.jpg'): image not found"), dropped.get(0));
        assertTrue(dropped.get(1).contains("line 9 ('0--Parade/c.jpg') face #1: bbox [200.0, 300.0, 5.0, 5.0] lies "
                + "outside the 40x40 image"), dropped.get(1));
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> RetinaFaceDataset.load(ann, root.toString(), List.of(), 0, DatasetOptions.train()));
        assertTrue(e.getMessage().startsWith(ann + ": line 7 ('2--Demo/missing.jpg'): image not found"),
                e.getMessage());
        DetDataset skipping = RetinaFaceDataset.load(ann, root.toString(), List.of(), 0,
                new DatasetOptions(false, true, 32, true, 0.5));
        assertEquals(2, skipping.size());
        assertEquals(2, skipping.skips().count());
    }

    @Test
    void registryBuildsTheDatasetFromAConfig() throws Exception {
        Path root = images();
        Files.writeString(dir.resolve("label.txt"), LABELS);
        Map<String, Object> cfg = Map.of("type", "RetinaFaceDataset", "data_root", dir.toString(),
                "ann_file", "label.txt", "img_prefix", "images/", "pipeline", List.of(), "min_size", 5);
        DetDataset ds = Registries.DATASETS.build(cfg, null, "data.train", DetDataset.class);
        assertEquals(List.of("face"), ds.classes());
        assertEquals(2, ds.size());
        assertEquals(root + "/", ds.imgPrefix());
        assertArrayEquals(new float[] {50, 5, 56, 9}, ds.info(0).ann().bboxesIgnore());

        Map<String, Object> cats = Map.of("type", "RetinaFaceDataset", "ann_file", dir.resolve("label.txt").toString(),
                "img_prefix", root.toString(), "pipeline", List.of(), "classes", List.of("cat"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> Registries.DATASETS.build(cats, null, "data.val", DetDataset.class));
        assertTrue(e.getMessage().contains("data.val") && e.getMessage().contains("one class [face]"), e.getMessage());
    }
}
