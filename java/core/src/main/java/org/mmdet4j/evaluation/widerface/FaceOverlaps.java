package org.mmdet4j.evaluation.widerface;

/**
 * IoU of corner boxes as the official evaluation's {@code bbox_overlaps} (the Fast R-CNN Cython
 * kernel, in float64): widths and heights count both end pixels ({@code x2 - x1 + 1}), and a box
 * pair that does not overlap by a positive amount in both directions has IoU 0. The corners come
 * from {@code x2 = x + w}, not {@code x + w - 1}, so a box of width {@code w} spans
 * {@code w + 1} pixels here; the official numbers depend on both conventions.
 */
final class FaceOverlaps {
    private FaceOverlaps() {
    }

    /** Corners {@code x1, y1, x2 = x + w, y2 = y + h} of {@code n} boxes given with a stride. */
    static double[] corners(double[] xywh, int stride, int n) {
        double[] c = new double[4 * n];
        for (int i = 0; i < n; i++) {
            int o = stride * i;
            c[4 * i] = xywh[o];
            c[4 * i + 1] = xywh[o + 1];
            c[4 * i + 2] = xywh[o + 2] + xywh[o];
            c[4 * i + 3] = xywh[o + 3] + xywh[o + 1];
        }
        return c;
    }

    /** IoU of corner box {@code a} (at offset {@code i}) and corner box {@code q} (at {@code k}). */
    static double iou(double[] a, int i, double[] q, int k) {
        double queryArea = (q[k + 2] - q[k] + 1) * (q[k + 3] - q[k + 1] + 1);
        double iw = Math.min(a[i + 2], q[k + 2]) - Math.max(a[i], q[k]) + 1;
        if (iw <= 0) {
            return 0;
        }
        double ih = Math.min(a[i + 3], q[k + 3]) - Math.max(a[i + 1], q[k + 1]) + 1;
        if (ih <= 0) {
            return 0;
        }
        double union = (a[i + 2] - a[i] + 1) * (a[i + 3] - a[i + 1] + 1) + queryArea - iw * ih;
        return iw * ih / union;
    }
}
