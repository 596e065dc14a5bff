package org.mmdet4j.evaluation.coco;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.mmdet4j.mask.PolygonRasterizer;
import org.mmdet4j.mask.RleCodec;

/**
 * Made-up COCO data for a small evaluation, bbox and segm: an annotation file with polygons and a
 * crowd region per image, and a results file of jittered boxes with RLE masks. The launcher
 * evaluates it to learn which classes an evaluation loads, for its class-data-sharing archive.
 */
public final class CocoEvalSample {
    private static final int IMAGES = 16;
    private static final int SIZE = 64;
    private static final int GTS_PER_IMAGE = 3;
    private static final int DETS_PER_IMAGE = 8;
    private static final int CATEGORIES = 3;

    private CocoEvalSample() {
    }

    /** Writes the data as an annotation file and a results file, for a run of {@code mmdet4j eval}. */
    public static void write(Path annotations, Path results) throws IOException {
        Random rng = new Random(0);
        double[][] gtBoxes = new double[IMAGES * GTS_PER_IMAGE][];
        int[] gtCats = new int[gtBoxes.length];
        for (int j = 0; j < gtBoxes.length; j++) {
            gtBoxes[j] = box(rng);
            gtCats[j] = 1 + rng.nextInt(CATEGORIES);
        }
        Files.write(annotations, groundTruth(gtBoxes, gtCats));
        Files.write(results, results(gtBoxes, gtCats, rng));
    }

    // The JSON is written with plain appends: String.format is slow on a cold JVM.
    private static byte[] groundTruth(double[][] boxes, int[] cats) {
        StringBuilder s = new StringBuilder("{\"images\": [");
        for (int i = 1; i <= IMAGES; i++) {
            s.append(i > 1 ? ", " : "").append("{\"id\": ").append(i).append(", \"height\": ")
                    .append(SIZE).append(", \"width\": ").append(SIZE).append('}');
        }
        s.append("], \"categories\": [");
        for (int c = 1; c <= CATEGORIES; c++) {
            s.append(c > 1 ? ", " : "").append("{\"id\": ").append(c).append(", \"name\": \"c")
                    .append(c).append("\"}");
        }
        s.append("], \"annotations\": [");
        for (int j = 0; j < boxes.length; j++) {
            double[] b = boxes[j];
            double x1 = b[0] + b[2], y1 = b[1] + b[3];
            s.append(j > 0 ? ", " : "").append("{\"id\": ").append(j + 1)
                    .append(", \"image_id\": ").append(1 + j / GTS_PER_IMAGE)
                    .append(", \"category_id\": ").append(cats[j]);
            appendArray(s.append(", \"bbox\": "), b);
            s.append(", \"area\": ").append(b[2] * b[3])
                    .append(", \"iscrowd\": ").append(j % GTS_PER_IMAGE == 0 ? 1 : 0);
            appendArray(s.append(", \"segmentation\": ["), new double[] {b[0], b[1], x1,
                    b[1] + b[3] / 3, x1, y1, b[0] + b[2] / 4, y1}).append("]}");
        }
        return s.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Per image, jittered copies of its ground truths (some with another category), with masks. */
    private static byte[] results(double[][] gtBoxes, int[] gtCats, Random rng) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < IMAGES; i++) {
            for (int d = 0; d < DETS_PER_IMAGE; d++) {
                int g = i * GTS_PER_IMAGE + rng.nextInt(GTS_PER_IMAGE);
                double[] b = gtBoxes[g].clone();
                for (int k = 0; k < 4; k++) {
                    b[k] = Math.max(0, b[k] + rng.nextGaussian());
                }
                int cat = rng.nextInt(4) == 0 ? 1 + rng.nextInt(CATEGORIES) : gtCats[g];
                String counts = RleCodec.encode(PolygonRasterizer.fromBox(b, SIZE, SIZE));
                s.append(s.length() > 1 ? ", " : "").append("{\"image_id\": ").append(i + 1)
                        .append(", \"category_id\": ").append(cat);
                appendArray(s.append(", \"bbox\": "), b);
                s.append(", \"score\": ").append(rng.nextDouble())
                        .append(", \"segmentation\": {\"size\": [").append(SIZE).append(", ")
                        .append(SIZE).append("], \"counts\": \"")
                        .append(counts.replace("\\", "\\\\")).append("\"}}");
            }
        }
        return s.append("]").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static double[] box(Random rng) {
        double w = 4 + rng.nextDouble() * SIZE / 2;
        double h = 4 + rng.nextDouble() * SIZE / 2;
        return new double[] {rng.nextDouble() * (SIZE - w), rng.nextDouble() * (SIZE - h), w, h};
    }

    private static StringBuilder appendArray(StringBuilder s, double[] v) {
        s.append('[');
        for (int i = 0; i < v.length; i++) {
            s.append(i > 0 ? ", " : "").append(v[i]);
        }
        return s.append(']');
    }
}
