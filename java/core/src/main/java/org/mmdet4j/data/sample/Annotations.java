package org.mmdet4j.data.sample;

import java.util.List;
import org.mmdet4j.mask.Segmentation;

/**
 * Parsed annotations of one image, mmdetection's {@code ann_info}: boxes as
 * {@code (x1, y1, x2, y2)} in pixels (4 floats per box), 0-based labels indexing the dataset's
 * classes, crowd/difficult boxes apart as "ignore", and the segmentation of each kept box.
 * {@code annIds} name each kept box's entry in the annotation file, for error messages.
 *
 * <p>{@code keypoints} are the landmarks of each kept box (face datasets: five per face), as
 * {@link Keypoints#VALUES_PER_POINT} floats {@code (x, y, visible)} per point, {@code visible}
 * 0 for a point the annotation does not give; null for datasets without landmarks.
 */
public record Annotations(float[] bboxes, long[] labels, float[] bboxesIgnore, long[] labelsIgnore,
                          List<Segmentation> masks, List<String> annIds, Keypoints keypoints) {
    public Annotations {
        if (bboxes.length != 4 * labels.length) {
            throw new IllegalArgumentException(bboxes.length / 4 + " boxes but " + labels.length + " labels");
        }
        if (bboxesIgnore.length != 4 * labelsIgnore.length) {
            throw new IllegalArgumentException("ignored boxes and labels differ in count");
        }
        if (keypoints != null && keypoints.count() != labels.length) {
            throw new IllegalArgumentException(keypoints.count() + " keypoint sets for " + labels.length + " boxes");
        }
    }

    /** Annotations without landmarks. */
    public Annotations(float[] bboxes, long[] labels, float[] bboxesIgnore, long[] labelsIgnore,
                       List<Segmentation> masks, List<String> annIds) {
        this(bboxes, labels, bboxesIgnore, labelsIgnore, masks, annIds, null);
    }

    public static Annotations empty() {
        return new Annotations(new float[0], new long[0], new float[0], new long[0], List.of(), List.of());
    }

    public int count() {
        return labels.length;
    }
}
