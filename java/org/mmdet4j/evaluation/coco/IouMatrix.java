package org.mmdet4j.evaluation.coco;

import org.mmdet4j.evaluation.mask.Rle;
import org.mmdet4j.evaluation.mask.RleOps;

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
     * Masks, as {@code rleIou}: pairs whose bounding boxes do not overlap get 0 without walking
     * the runs (and masks of different sizes -1, both below any threshold).
     */
    static void masks(Rle[] dt, int numDt, Rle[] gt, int numGt, boolean[] crowd, double[] out) {
        double[] db = new double[4 * numDt];
        double[] gb = new double[4 * numGt];
        for (int d = 0; d < numDt; d++) {
            System.arraycopy(dt[d].toBbox(), 0, db, 4 * d, 4);
        }
        for (int g = 0; g < numGt; g++) {
            System.arraycopy(gt[g].toBbox(), 0, gb, 4 * g, 4);
        }
        int[] dIdx = new int[numDt];
        int[] gIdx = new int[numGt];
        for (int i = 0; i < numDt; i++) {
            dIdx[i] = i;
        }
        for (int i = 0; i < numGt; i++) {
            gIdx[i] = i;
        }
        boxes(db, dIdx, numDt, gb, gIdx, 0, numGt, crowd, out);
        for (int d = 0; d < numDt; d++) {
            for (int g = 0; g < numGt; g++) {
                if (out[d * numGt + g] > 0) {
                    out[d * numGt + g] = RleOps.iou(dt[d], gt[g], crowd[g]);
                }
            }
        }
    }
}
