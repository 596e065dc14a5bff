package org.mmdet4j.runner;

import org.mmdet4j.mask.Rle;

/**
 * Detections of one image, in the original image's pixel coordinates.
 *
 * @param boxes     4 floats per detection: x1, y1, x2, y2
 * @param scores    one score per detection
 * @param labels    one class index per detection, 0-based in the dataset's class order
 * @param masks     one instance mask per detection at the original image's size, or null for a
 *                  model without a mask head. Kept as COCO RLE, encoded when the prediction
 *                  arrives: a full-size bitmap per detection would hold megabytes per image.
 * @param landmarks {@code landmarksPerDetection} (x, y) points per detection, detection after
 *                  detection, for models with landmarks (RetinaFace: five per face); null
 *                  otherwise
 */
public record Detections(float[] boxes, float[] scores, int[] labels, Rle[] masks, float[] landmarks,
                         int landmarksPerDetection) {
    public Detections {
        if (boxes.length != 4 * scores.length || labels.length != scores.length) {
            throw new IllegalArgumentException("detections need 4 box values, a score and a label each; got "
                    + boxes.length + " box values, " + scores.length + " scores, " + labels.length + " labels");
        }
        if (masks != null && masks.length != scores.length) {
            throw new IllegalArgumentException("got " + masks.length + " masks for " + scores.length + " detections");
        }
        if (landmarks != null && (landmarksPerDetection <= 0
                || landmarks.length != 2 * landmarksPerDetection * scores.length)) {
            throw new IllegalArgumentException("got " + landmarks.length + " landmark values for " + scores.length
                    + " detections of " + landmarksPerDetection + " points");
        }
    }

    /** Detections without landmarks. */
    public Detections(float[] boxes, float[] scores, int[] labels, Rle[] masks) {
        this(boxes, scores, labels, masks, null, 0);
    }

    /** Detections without masks or landmarks. */
    public Detections(float[] boxes, float[] scores, int[] labels) {
        this(boxes, scores, labels, null, null, 0);
    }

    public int size() {
        return scores.length;
    }

    public boolean hasMasks() {
        return masks != null;
    }

    public boolean hasLandmarks() {
        return landmarks != null;
    }
}
