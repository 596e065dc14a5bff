package org.mmdet4j.api;

/**
 * One detected object. The box is in the original image's pixels, (x1, y1) the top-left and
 * (x2, y2) the bottom-right corner, as mmdetection reports boxes.
 *
 * @param label     class index, 0-based in the model's class order
 * @param className the class's name (from the checkpoint, else the config)
 */
public record Detection(float x1, float y1, float x2, float y2, float score, int label, String className) {
    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }
}
