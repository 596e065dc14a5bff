package org.mmdet4j.runner;

/**
 * Detections of one image, in the original image's pixel coordinates.
 *
 * @param boxes  4 floats per detection: x1, y1, x2, y2
 * @param scores one score per detection
 * @param labels one class index per detection, 0-based in the dataset's class order
 */
public record Detections(float[] boxes, float[] scores, int[] labels) {
    public Detections {
        if (boxes.length != 4 * scores.length || labels.length != scores.length) {
            throw new IllegalArgumentException("detections need 4 box values, a score and a label each; got "
                    + boxes.length + " box values, " + scores.length + " scores, " + labels.length + " labels");
        }
    }

    public int size() {
        return scores.length;
    }
}
