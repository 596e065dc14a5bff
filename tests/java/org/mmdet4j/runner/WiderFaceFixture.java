package org.mmdet4j.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.shapes.JpegEncoder;

/**
 * A three-image WIDER FACE validation split in the layout {@code make-faces} writes:
 * {@code WIDER_val/images/<event>/<name>.jpg}, {@code wider_face_split/wider_face_val_bbx_gt.txt}
 * and {@code wider_face_split/subsets/{easy,medium,hard}.txt}.
 *
 * <p>{@code 0--Parade/a.jpg} (100x80) has faces A1 (10, 10, 30, 30), A2 (50, 10, 30, 30) and a
 * 4-pixel face flagged invalid (the dataset ignores it, no subset keeps it);
 * {@code 1--Handshaking/b.jpg} (60x60) has B1 (10, 10, 40, 40); {@code 0--Parade/c.jpg} (40x40)
 * has none. Easy keeps A1, medium A1 and A2, hard A1, A2 and B1.
 */
final class WiderFaceFixture {
    static final String BOXES = """
            0--Parade/a.jpg
            3
            10 10 30 30 0 0 0 0 0 0
            50 10 30 30 0 0 0 0 0 0
            5 60 4 4 2 0 0 1 0 0
            1--Handshaking/b.jpg
            1
            10 10 40 40 0 0 0 0 0 0
            0--Parade/c.jpg
            0
            0 0 0 0 0 0 0 0 0 0
            """;

    /** Corner boxes (x1, y1, x2, y2) of the valid faces. */
    static final float[] A1 = {10, 10, 40, 40};
    static final float[] A2 = {50, 10, 80, 40};
    static final float[] B1 = {10, 10, 50, 50};

    final Path root;

    private WiderFaceFixture(Path root) {
        this.root = root;
    }

    static WiderFaceFixture write(Path root) throws IOException {
        return write(root, "0--Parade/a 1\n", "0--Parade/a 1 2\n", "0--Parade/a 1 2\n1--Handshaking/b 1\n");
    }

    static WiderFaceFixture write(Path root, String easy, String medium, String hard) throws IOException {
        Path images = root.resolve("WIDER_val/images");
        jpeg(images.resolve("0--Parade/a.jpg"), 100, 80);
        jpeg(images.resolve("1--Handshaking/b.jpg"), 60, 60);
        jpeg(images.resolve("0--Parade/c.jpg"), 40, 40);
        Path split = Files.createDirectories(root.resolve("wider_face_split/subsets"));
        Files.writeString(root.resolve("wider_face_split/wider_face_val_bbx_gt.txt"), BOXES);
        Files.writeString(split.resolve("easy.txt"), easy);
        Files.writeString(split.resolve("medium.txt"), medium);
        Files.writeString(split.resolve("hard.txt"), hard);
        return new WiderFaceFixture(root);
    }

    private static void jpeg(Path file, int w, int h) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, JpegEncoder.encode(new byte[w * h * 3], w, h));
    }

    Path boxFile() {
        return root.resolve("wider_face_split/wider_face_val_bbx_gt.txt");
    }

    Path subsets() {
        return root.resolve("wider_face_split/subsets");
    }

    /** {@code data.val} as the face configs give it: paths relative to {@code data_root}. */
    Map<String, Object> valCfg() {
        Map<String, Object> m = new HashMap<>();
        m.put("type", "RetinaFaceDataset");
        m.put("data_root", root.toString());
        m.put("ann_file", "wider_face_split/wider_face_val_bbx_gt.txt");
        m.put("img_prefix", "WIDER_val/images/");
        m.put("pipeline", List.of());
        return m;
    }

    DetDataset dataset() {
        return TrainSetup.dataset(ConfigDict.of(valCfg()).with("test_mode", true), null);
    }

    /** Detections of one image from corner boxes and their scores. */
    static Detections dets(float[][] boxes, float... scores) {
        float[] b = new float[4 * boxes.length];
        for (int i = 0; i < boxes.length; i++) {
            System.arraycopy(boxes[i], 0, b, 4 * i, 4);
        }
        return new Detections(b, scores, new int[scores.length]);
    }

    static Detections none() {
        return dets(new float[0][]);
    }
}
