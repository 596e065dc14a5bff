package org.mmdet4j.evaluation.coco;

/**
 * Greedy matching of one image and one category, pycocotools' {@code evaluateImg}: for each area
 * range and IoU threshold, detections in score order take the unmatched ground truth of highest
 * IoU; crowd ground truth can absorb any number of detections; a detection matched to an ignored
 * ground truth, or unmatched and outside the area range, is ignored.
 *
 * <p>Outcome per detection: {@link #FP}, {@link #TP} or {@link #IGNORED}. pycocotools records a
 * match by storing the ground truth's id and tests it for non-zero, so a match to a ground truth
 * with id 0 counts as unmatched; that is reproduced.
 */
final class ImageCategoryMatcher {
    static final byte FP = 0;
    static final byte TP = 1;
    static final byte IGNORED = 2;

    private ImageCategoryMatcher() {
    }

    /**
     * @param ious      {@code D x G} IoUs, row-major, ground truth in the given order
     * @param gtArea    area, crowd flag and id of each ground truth
     * @param dtArea    area of each detection, in score order
     * @param flags     output: {@code flags[base + (a * T + t) * stride + d]}
     * @param npig      output: number of non-ignored ground truths per area range
     */
    static void match(CocoEvalParams p, double[] ious, int numDt, int numGt, double[] gtArea,
            boolean[] gtCrowd, long[] gtId, double[] dtArea, byte[] flags, int base, int stride,
            int[] npig, int npigBase) {
        int numT = p.iouThrs.length;
        int[] order = new int[numGt];
        boolean[] gtIg = new boolean[numGt];
        boolean[] gtMatched = new boolean[numGt];
        // A detection whose best IoU is below a threshold matches nothing there: skip its scan.
        double[] maxIou = new double[numDt];
        for (int d = 0; d < numDt; d++) {
            double mx = -1;
            for (int g = 0; g < numGt; g++) {
                mx = Math.max(mx, ious[d * numGt + g]);
            }
            maxIou[d] = mx;
        }
        for (int a = 0; a < p.areaRanges.length; a++) {
            double lo = p.areaRanges[a][0], hi = p.areaRanges[a][1];
            // Non-ignored ground truth first, each group in input order (a stable argsort).
            int n = 0;
            for (int g = 0; g < numGt; g++) {
                if (!(gtCrowd[g] || gtArea[g] < lo || gtArea[g] > hi)) {
                    order[n++] = g;
                }
            }
            npig[npigBase + a] = n;
            for (int g = 0; g < numGt; g++) {
                if (gtCrowd[g] || gtArea[g] < lo || gtArea[g] > hi) {
                    order[n++] = g;
                }
            }
            for (int j = 0; j < numGt; j++) {
                gtIg[j] = gtCrowd[order[j]] || gtArea[order[j]] < lo || gtArea[order[j]] > hi;
            }
            for (int t = 0; t < numT; t++) {
                java.util.Arrays.fill(gtMatched, false);
                int out = base + (a * numT + t) * stride;
                double thr = Math.min(p.iouThrs[t], 1 - 1e-10);
                for (int d = 0; d < numDt; d++) {
                    double best = thr;
                    int m = -1;
                    int row = d * numGt;
                    int scan = maxIou[d] < thr ? 0 : numGt;
                    for (int j = 0; j < scan; j++) {
                        int g = order[j];
                        if (gtMatched[j] && !gtCrowd[g]) {
                            continue;
                        }
                        // Already matched to a regular gt and the rest are ignored ones: stop.
                        if (m > -1 && !gtIg[m] && gtIg[j]) {
                            break;
                        }
                        double iou = ious[row + g];
                        if (iou < best) {
                            continue;
                        }
                        best = iou;
                        m = j;
                    }
                    boolean outside = dtArea[d] < lo || dtArea[d] > hi;
                    byte f;
                    if (m == -1) {
                        f = outside ? IGNORED : FP;
                    } else {
                        gtMatched[m] = true;
                        if (gtId[order[m]] == 0) {
                            f = gtIg[m] || outside ? IGNORED : FP;
                        } else {
                            f = gtIg[m] ? IGNORED : TP;
                        }
                    }
                    flags[out + d] = f;
                }
            }
        }
    }
}
