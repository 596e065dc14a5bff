package org.mmdet4j.data.transforms;

import org.mmdet4j.data.sample.FlipDirection;

/** Box arithmetic on {@code (x1, y1, x2, y2)} arrays with 4 floats per box. */
final class BoxOps {
    private BoxOps() {
    }

    /** Multiply by {@code (w_scale, h_scale, w_scale, h_scale)}; optionally clip to the image. */
    static float[] scale(float[] boxes, float[] factor, int[] imgShape, boolean clip) {
        float[] out = new float[boxes.length];
        for (int i = 0; i < boxes.length; i++) {
            out[i] = boxes[i] * factor[i & 3];
        }
        if (clip) {
            clipInPlace(out, imgShape[1], imgShape[0]);
        }
        return out;
    }

    static void clipInPlace(float[] b, float width, float height) {
        for (int i = 0; i < b.length; i += 4) {
            b[i] = Math.min(Math.max(b[i], 0f), width);
            b[i + 1] = Math.min(Math.max(b[i + 1], 0f), height);
            b[i + 2] = Math.min(Math.max(b[i + 2], 0f), width);
            b[i + 3] = Math.min(Math.max(b[i + 3], 0f), height);
        }
    }

    /** mmdetection v2 {@code RandomFlip.bbox_flip}: {@code x1' = w - x2}, {@code x2' = w - x1}. */
    static float[] flip(float[] b, int[] imgShape, FlipDirection d) {
        float w = imgShape[1];
        float h = imgShape[0];
        float[] out = b.clone();
        for (int i = 0; i < b.length; i += 4) {
            if (d.flipsX()) {
                out[i] = w - b[i + 2];
                out[i + 2] = w - b[i];
            }
            if (d.flipsY()) {
                out[i + 1] = h - b[i + 3];
                out[i + 3] = h - b[i + 1];
            }
        }
        return out;
    }

    static float[] shift(float[] b, float dx, float dy) {
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i += 2) {
            out[i] = b[i] + dx;
            out[i + 1] = b[i + 1] + dy;
        }
        return out;
    }

    static float[] select(float[] b, int[] keep) {
        float[] out = new float[keep.length * 4];
        for (int k = 0; k < keep.length; k++) {
            System.arraycopy(b, keep[k] * 4, out, k * 4, 4);
        }
        return out;
    }

    static long[] select(long[] v, int[] keep) {
        long[] out = new long[keep.length];
        for (int k = 0; k < keep.length; k++) {
            out[k] = v[keep[k]];
        }
        return out;
    }

    /** IoU of one box with each of {@code boxes}, without mmdetection v1's "+1" pixel convention. */
    static float[] iou(float[] box, float[] boxes) {
        int n = boxes.length / 4;
        float[] out = new float[n];
        float area1 = (box[2] - box[0]) * (box[3] - box[1]);
        for (int i = 0; i < n; i++) {
            float x1 = Math.max(box[0], boxes[4 * i]);
            float y1 = Math.max(box[1], boxes[4 * i + 1]);
            float x2 = Math.min(box[2], boxes[4 * i + 2]);
            float y2 = Math.min(box[3], boxes[4 * i + 3]);
            float overlap = Math.max(x2 - x1, 0f) * Math.max(y2 - y1, 0f);
            float area2 = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
            float union = Math.max(area1 + area2 - overlap, 1e-6f);
            out[i] = overlap / union;
        }
        return out;
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
