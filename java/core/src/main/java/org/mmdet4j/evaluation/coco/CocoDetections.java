package org.mmdet4j.evaluation.coco;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.mmdet4j.evaluation.util.Growable;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.mask.Segmentation;

/**
 * Detections in the COCO results format (what pycocotools' {@code loadRes} reads): per detection
 * an image id, a category id, a score, a box {@code [x, y, w, h]} and/or a mask.
 *
 * <p>The area that decides a detection's area range follows {@code loadRes}: when the first
 * detection has a box, every detection's area is its box area {@code w * h} (even for mask
 * evaluation); otherwise every detection needs an RLE mask, its area is the mask area and its box
 * the mask's bounding box.
 */
public final class CocoDetections {
    final String source;
    final long[] imageIds;
    final long[] categoryIds;
    final double[] scores;
    final double[] boxes; // x, y, w, h per detection
    final double[] areas;
    final Segmentation[] segms; // null where a detection has no mask
    final boolean[] hasBox; // false: the box was derived from the mask (kept so writing round-trips)
    /** COCO's keypoint results, {@code [x1, y1, v1, ...]}, or null where a detection has none. */
    final double[][] keypoints;

    private CocoDetections(String source, long[] imageIds, long[] categoryIds, double[] scores,
            double[] boxes, double[] areas, Segmentation[] segms, boolean[] hasBox, double[][] keypoints) {
        this.source = source;
        this.imageIds = imageIds;
        this.categoryIds = categoryIds;
        this.scores = scores;
        this.boxes = boxes;
        this.areas = areas;
        this.segms = segms;
        this.hasBox = hasBox;
        this.keypoints = keypoints;
    }

    /** Reads a results file: a JSON array of detections. */
    public static CocoDetections read(Path file) {
        return CocoResultsReader.read(file);
    }

    /** Writes this as a results file that pycocotools' {@code loadRes} reads back. */
    public void write(Path file) {
        CocoResultsWriter.write(this, file);
    }

    public String source() {
        return source;
    }

    public int size() {
        return scores.length;
    }

    public long imageId(int i) {
        return imageIds[i];
    }

    public long categoryId(int i) {
        return categoryIds[i];
    }

    public double score(int i) {
        return scores[i];
    }

    /** {@code [x, y, w, h]} */
    public double[] box(int i) {
        return new double[] {boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]};
    }

    public double area(int i) {
        return areas[i];
    }

    /** The mask, or null. */
    public Segmentation segmentation(int i) {
        return segms[i];
    }

    /** Collects detections, e.g. from inference; {@link #build} applies the loadRes rules. */
    public static final class Builder {
        private final String source;
        private final Growable.Longs imageIds = new Growable.Longs();
        private final Growable.Longs categoryIds = new Growable.Longs();
        private final Growable.Doubles scores = new Growable.Doubles();
        private final Growable.Doubles boxes = new Growable.Doubles();
        private final List<Segmentation> segms = new ArrayList<>();
        private final List<Boolean> hasBox = new ArrayList<>();
        private final List<double[]> keypoints = new ArrayList<>();

        public Builder(String source) {
            this.source = source;
        }

        public int size() {
            return scores.size();
        }

        /** A box detection: {@code box} is {@code [x, y, w, h]}. */
        public Builder add(long imageId, long categoryId, double[] box, double score) {
            return add(imageId, categoryId, box, score, (Segmentation) null);
        }

        /** A detection with a mask; {@code box} may be null (then it is the mask's bounding box). */
        public Builder add(long imageId, long categoryId, double[] box, double score, Rle mask) {
            return add(imageId, categoryId, box, score, mask == null ? null : Segmentation.ofRle(mask));
        }

        public Builder add(long imageId, long categoryId, double[] box, double score, Segmentation segm) {
            int i = size();
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException("detection #" + i + ": score is " + score);
            }
            if (box != null) {
                if (box.length != 4) {
                    throw new IllegalArgumentException("detection #" + i + ": bbox must be [x, y, w, h]");
                }
                for (double v : box) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("detection #" + i + ": bbox holds " + v);
                    }
                }
            } else if (segm == null) {
                throw new IllegalArgumentException("detection #" + i + " has neither bbox nor segmentation");
            }
            imageIds.add(imageId);
            categoryIds.add(categoryId);
            scores.add(score);
            boxes.add(box == null ? new double[4] : box);
            hasBox.add(box != null);
            segms.add(segm);
            keypoints.add(null);
            return this;
        }

        /**
         * Landmarks of the detection added last, as COCO's keypoint results write them:
         * {@code [x1, y1, v1, x2, y2, v2, ...]} (RetinaFace's five face points).
         */
        public Builder withKeypoints(double[] xyv) {
            if (size() == 0) {
                throw new IllegalStateException("withKeypoints before any detection");
            }
            if (xyv.length % 3 != 0) {
                throw new IllegalArgumentException("keypoints are (x, y, v) triples; got " + xyv.length + " values");
            }
            keypoints.set(size() - 1, xyv.clone());
            return this;
        }

        /** Appends {@code other}'s detections after this one's, e.g. the pieces of one file. */
        public Builder addAll(Builder other) {
            imageIds.addAll(other.imageIds);
            categoryIds.addAll(other.categoryIds);
            scores.addAll(other.scores);
            boxes.addAll(other.boxes);
            hasBox.addAll(other.hasBox);
            segms.addAll(other.segms);
            keypoints.addAll(other.keypoints);
            return this;
        }

        public CocoDetections build() {
            int n = size();
            Segmentation[] masks = decodeAll();
            double[] b = boxes.toArray();
            double[] areas = new double[n];
            boolean[] given = new boolean[n];
            boolean boxMode = n > 0 && hasBox.get(0);
            for (int i = 0; i < n; i++) {
                given[i] = hasBox.get(i);
                if (boxMode) {
                    if (!hasBox.get(i)) {
                        throw new IllegalArgumentException("detection #" + i
                                + " has no bbox, but the first detection has one (all or none must)");
                    }
                    areas[i] = b[4 * i + 2] * b[4 * i + 3];
                } else {
                    Segmentation s = masks[i];
                    if (s == null || s.isPolygon()) {
                        throw new IllegalArgumentException("detection #" + i
                                + ": detections without bbox need an RLE segmentation");
                    }
                    // Image size is irrelevant for an RLE: it carries its own.
                    Rle rle = s.toRle(0, 0);
                    areas[i] = rle.area();
                    if (!hasBox.get(i)) {
                        System.arraycopy(rle.toBbox(), 0, b, 4 * i, 4);
                    }
                }
            }
            return new CocoDetections(source, imageIds.toArray(), categoryIds.toArray(),
                    scores.toArray(), b, areas, masks, given, keypoints.toArray(new double[0][]));
        }

        /**
         * The masks, compressed RLEs that a reader kept as strings decoded and checked on all
         * cores; an invalid one is reported for the first such detection, as a sequential decode
         * would.
         */
        private Segmentation[] decodeAll() {
            Segmentation[] masks = segms.toArray(new Segmentation[0]);
            IllegalArgumentException[] errors = new IllegalArgumentException[masks.length];
            IntStream.range(0, masks.length).parallel().forEach(i -> {
                if (masks[i] != null) {
                    try {
                        masks[i] = masks[i].decoded();
                    } catch (IllegalArgumentException e) {
                        errors[i] = e;
                    }
                }
            });
            for (int i = 0; i < errors.length; i++) {
                if (errors[i] != null) {
                    throw new IllegalArgumentException("detection #" + i + ": " + errors[i].getMessage(), errors[i]);
                }
            }
            return masks;
        }
    }
}
