package org.mmdet4j.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mmdet4j.runner.Detections;

/**
 * One detected object. The box is in the original image's pixels, (x1, y1) the top-left and
 * (x2, y2) the bottom-right corner, as mmdetection reports boxes.
 *
 * @param label     class index, 0-based in the model's class order
 * @param className the class's name (from the checkpoint, else the config)
 * @param mask      the object's pixels at the original image's size, or null for a model
 *                  without a mask head
 * @param landmarks the object's landmarks as (x, y) pairs in the original image's pixels
 *                  (RetinaFace: left eye, right eye, nose, left and right mouth corner), or null
 *                  for a model without landmarks
 */
public record Detection(float x1, float y1, float x2, float y2, float score, int label, String className,
                        InstanceMask mask, float[] landmarks) {
    public Detection {
        if (landmarks != null) {
            if (landmarks.length % 2 != 0) {
                throw new IllegalArgumentException("landmarks are (x, y) pairs; got " + landmarks.length + " values");
            }
            landmarks = landmarks.clone();
        }
    }

    /** A detection without landmarks. */
    public Detection(float x1, float y1, float x2, float y2, float score, int label, String className,
                     InstanceMask mask) {
        this(x1, y1, x2, y2, score, label, className, mask, null);
    }

    /** A detection without a mask or landmarks. */
    public Detection(float x1, float y1, float x2, float y2, float score, int label, String className) {
        this(x1, y1, x2, y2, score, label, className, null, null);
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    /** A copy of the landmarks, (x, y) pairs; null for a model without landmarks. */
    @Override
    public float[] landmarks() {
        return landmarks == null ? null : landmarks.clone();
    }

    /** Records compare arrays by identity; landmarks compare by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Detection d && Float.compare(x1, d.x1) == 0 && Float.compare(y1, d.y1) == 0
                && Float.compare(x2, d.x2) == 0 && Float.compare(y2, d.y2) == 0 && Float.compare(score, d.score) == 0
                && label == d.label && Objects.equals(className, d.className) && Objects.equals(mask, d.mask)
                && Arrays.equals(landmarks, d.landmarks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(x1, y1, x2, y2, score, label, className, mask) * 31 + Arrays.hashCode(landmarks);
    }

    /** One image's detections, in their order, named by {@code classes} (else {@code class_<label>}). */
    public static List<Detection> listOf(Detections d, List<String> classes) {
        List<Detection> out = new ArrayList<>(d.size());
        float[] b = d.boxes();
        int perDetection = 2 * d.landmarksPerDetection();
        for (int k = 0; k < d.size(); k++) {
            int label = d.labels()[k];
            String name = label >= 0 && label < classes.size() ? classes.get(label) : "class_" + label;
            InstanceMask mask = d.hasMasks() ? new InstanceMask(d.masks()[k]) : null;
            float[] landmarks = d.hasLandmarks()
                    ? Arrays.copyOfRange(d.landmarks(), k * perDetection, (k + 1) * perDetection) : null;
            out.add(new Detection(b[4 * k], b[4 * k + 1], b[4 * k + 2], b[4 * k + 3], d.scores()[k], label, name,
                    mask, landmarks));
        }
        return out;
    }
}
