package org.mmdet4j.evaluation.widerface;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmdet4j.data.widerface.WiderBox;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.data.widerface.WiderSubset;
import org.mmdet4j.data.widerface.WiderSubsets;

/**
 * A small WIDER FACE evaluation written to disk with the public writers (box file, subset files,
 * prediction folder) and read back, as the command reads it. Faces are 20 x 20 pixels;
 * {@link #hit} predicts a face exactly (IoU 1), {@link #miss} a box far from every face.
 */
final class WiderFaceCase {
    private final List<WiderBoxImage> images = new ArrayList<>();
    private final List<Map<String, int[]>> keep = List.of(new LinkedHashMap<>(), new LinkedHashMap<>(),
            new LinkedHashMap<>());
    private final Map<String, double[]> predictions = new LinkedHashMap<>();

    static WiderBox face(int x, int y) {
        return WiderBox.of(x, y, 20, 20);
    }

    static double[] hit(WiderBox f, double score) {
        return new double[] {f.x(), f.y(), f.w(), f.h(), score};
    }

    static double[] miss(double score) {
        return new double[] {900, 900, 20, 20, score};
    }

    /** An image whose faces every subset keeps as {@code kept} (1-based indices). */
    WiderFaceCase image(String name, List<WiderBox> faces, int[] kept, double[]... preds) {
        return image(name, faces, kept, kept, kept, preds);
    }

    WiderFaceCase image(String name, List<WiderBox> faces, int[] easy, int[] medium, int[] hard, double[]... preds) {
        images.add(new WiderBoxImage(name, faces));
        int[][] k = {easy, medium, hard};
        for (int s = 0; s < 3; s++) {
            keep.get(s).put(WiderBoxImage.key(name), k[s]);
        }
        double[] flat = new double[5 * preds.length];
        for (int i = 0; i < preds.length; i++) {
            System.arraycopy(preds[i], 0, flat, 5 * i, 5);
        }
        predictions.put(name, flat);
        return this;
    }

    /** Writes the files under {@code dir} and returns their paths: box file, subsets, predictions. */
    Path[] write(Path dir) {
        try {
            Path gt = WiderBoxFile.write(dir.resolve("gt.txt"), images);
            Path subsets = dir.resolve("subsets");
            for (int s = 0; s < 3; s++) {
                WiderSubset.write(subsets.resolve(WiderSubsets.NAMES.get(s) + ".txt"), keep.get(s));
            }
            Path pred = dir.resolve("pred");
            for (Map.Entry<String, double[]> e : predictions.entrySet()) {
                WiderPredictionFile.write(pred, e.getKey(), e.getValue());
            }
            return new Path[] {gt, subsets, pred};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WiderFaceResult evaluate(Path dir) {
        Path[] p = write(dir);
        WiderBoxFile boxes = WiderBoxFile.read(p[0]);
        return new WiderFaceEvaluator().evaluate(boxes, WiderSubsets.read(p[1], boxes), WiderPredictions.read(p[2]));
    }
}
