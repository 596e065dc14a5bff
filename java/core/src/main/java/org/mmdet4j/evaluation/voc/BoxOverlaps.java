package org.mmdet4j.evaluation.voc;

/**
 * IoU of corner boxes {@code [x1, y1, x2, y2]} in float32, as mmdetection's numpy
 * {@code bbox_overlaps} (it casts both inputs to float32; the thresholds compared with these
 * values are float32 too). {@code legacy} adds 1 to widths and heights (mmdet v1 coordinates).
 */
public final class BoxOverlaps {
    private static final float EPS = 1e-6f;

    private BoxOverlaps() {
    }

    /** {@code rows x cols} IoUs, row-major; boxes are flat arrays with the given stride. */
    public static float[] iou(double[] boxes1, int stride1, int n1, double[] boxes2, int stride2,
            int n2, boolean legacy) {
        float extra = legacy ? 1f : 0f;
        float[] out = new float[n1 * n2];
        float[] area2 = new float[n2];
        for (int j = 0; j < n2; j++) {
            int o = j * stride2;
            area2[j] = ((float) boxes2[o + 2] - (float) boxes2[o] + extra)
                    * ((float) boxes2[o + 3] - (float) boxes2[o + 1] + extra);
        }
        for (int i = 0; i < n1; i++) {
            int o = i * stride1;
            float ax1 = (float) boxes1[o], ay1 = (float) boxes1[o + 1];
            float ax2 = (float) boxes1[o + 2], ay2 = (float) boxes1[o + 3];
            float area1 = (ax2 - ax1 + extra) * (ay2 - ay1 + extra);
            for (int j = 0; j < n2; j++) {
                int q = j * stride2;
                float xs = Math.max(ax1, (float) boxes2[q]);
                float ys = Math.max(ay1, (float) boxes2[q + 1]);
                float xe = Math.min(ax2, (float) boxes2[q + 2]);
                float ye = Math.min(ay2, (float) boxes2[q + 3]);
                float overlap = Math.max(xe - xs + extra, 0f) * Math.max(ye - ys + extra, 0f);
                float union = Math.max(area1 + area2[j] - overlap, EPS);
                out[i * n2 + j] = overlap / union;
            }
        }
        return out;
    }

    /** Area of a corner box in float32. */
    static float area(double[] b, int o, boolean legacy) {
        float extra = legacy ? 1f : 0f;
        return ((float) b[o + 2] - (float) b[o] + extra) * ((float) b[o + 3] - (float) b[o + 1] + extra);
    }
}
