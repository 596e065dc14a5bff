package org.mmdet4j.evaluation.coco;

import org.mmdet4j.mask.Rle;
import org.mmdet4j.mask.RleOps;

/**
 * IoUs between the detections and ground truths of one cell, as pycocotools' {@code maskUtils.iou}:
 * {@code D x G}, row-major. For a crowd ground truth the union is the detection's own area.
 */
final class IouMatrix {
    private IouMatrix() {
    }

    /** Boxes {@code [x, y, w, h]}, the arithmetic of {@code bbIou} operation for operation. */
    static void boxes(double[] dtBoxes, int[] dts, int numDt, double[] gtBoxes, int[] gts,
            int gtFrom, int numGt, boolean[] crowd, double[] out) {
        for (int d = 0; d < numDt; d++) {
            int di = 4 * dts[d];
            double dx = dtBoxes[di], dy = dtBoxes[di + 1], dw = dtBoxes[di + 2], dh = dtBoxes[di + 3];
            double da = dw * dh;
            for (int g = 0; g < numGt; g++) {
                int gi = 4 * gts[gtFrom + g];
                double gx = gtBoxes[gi], gy = gtBoxes[gi + 1], gw = gtBoxes[gi + 2], gh = gtBoxes[gi + 3];
                double o = 0;
                double w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
                if (w > 0) {
                    double h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
                    if (h > 0) {
                        double i = w * h;
                        double u = crowd[g] ? da : da + gw * gh - i;
                        o = i / u;
                    }
                }
                out[d * numGt + g] = o;
            }
        }
    }

    /**
     * Masks, as {@code rleIou}. The C code first skips pairs whose bounding boxes do not overlap
     * (0) and gives -1 to masks of different sizes that do; here every pair is walked directly
     * (cheaper than the boxes), giving 0 or -1 as well: both fall below every threshold, so the
     * matching is the same. Each mask's area is counted once, not once per pair.
     */
    static void masks(Rle[] dt, int numDt, Rle[] gt, int numGt, boolean[] crowd, double[] out) {
        long[] gtArea = new long[numGt];
        for (int g = 0; g < numGt; g++) {
            gtArea[g] = gt[g].area();
        }
        for (int d = 0; d < numDt; d++) {
            long dtArea = dt[d].area();
            for (int g = 0; g < numGt; g++) {
                out[d * numGt + g] = RleOps.iou(dt[d], dtArea, gt[g], gtArea[g], crowd[g]);
            }
        }
    }
}
