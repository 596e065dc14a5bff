package org.mmdet4j.evaluation.widerface;

import java.util.Arrays;

/**
 * The official evaluation's precision-recall curve at {@code thresholds} score thresholds
 * {@code 1 - (t + 1) / thresholds}, t = 0, 1, ... (from just under 1 down to 0). Each image adds,
 * per threshold, its {@code img_pr_info}: taking the last prediction (in file order) whose
 * normalised score reaches the threshold, the number of proposals up to it and the kept faces
 * recalled up to it; nothing when no prediction reaches it. The counts are whole numbers, so the
 * sums are exact in any order.
 *
 * <p>Reading a threshold's detections as a prefix of the file is the Python evaluation's: for a
 * file sorted by descending score (the MATLAB original sorts as it reads) the prefix holds exactly
 * the predictions at or above the threshold.
 */
final class PrCurve {
    private final int thresholds;
    private final double[] threshold;
    private final long[] proposals;
    private final long[] recalled;

    PrCurve(int thresholds) {
        this.thresholds = thresholds;
        this.threshold = new double[thresholds];
        for (int t = 0; t < thresholds; t++) {
            threshold[t] = 1 - (double) (t + 1) / thresholds;
        }
        this.proposals = new long[thresholds];
        this.recalled = new long[thresholds];
    }

    /** Adds one image's {@code img_pr_info}; {@code scores} are normalised, in file order. */
    void add(double[] scores, ImageMatch match) {
        int n = scores.length;
        // last[t]: the last prediction whose score reaches threshold t. Thresholds fall with t, so
        // a score reaching one reaches every later one: each prediction enters at its first t.
        int[] last = new int[thresholds];
        Arrays.fill(last, -1);
        for (int i = 0; i < n; i++) {
            int t = firstReached(scores[i]);
            if (t < thresholds) {
                last[t] = i; // i increases: the latest prediction entering at t
            }
        }
        long[] proposalsUpTo = new long[n];
        long c = 0;
        for (int i = 0; i < n; i++) {
            c += match.proposal()[i] ? 1 : 0;
            proposalsUpTo[i] = c;
        }
        int r = -1;
        for (int t = 0; t < thresholds; t++) {
            r = Math.max(r, last[t]);
            if (r >= 0) {
                proposals[t] += proposalsUpTo[r];
                recalled[t] += match.recalled()[r];
            }
        }
    }

    /** The first threshold index {@code score >= threshold[t]} holds for ({@code thresholds} if none, or NaN). */
    private int firstReached(double score) {
        int lo = 0, hi = thresholds;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (score >= threshold[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * {@code dataset_pr_info} then {@code voc_ap}: precision = recalled / proposals and recall =
     * recalled / {@code faces} per threshold, in float64 as numpy divides (0/0 is NaN, which the
     * AP passes over where recall does not change), then the area under the curve.
     *
     * @param faces the subset's kept faces ({@code count_face}); 0 gives NaN
     */
    double ap(long faces) {
        double[] precision = new double[thresholds];
        double[] recall = new double[thresholds];
        for (int t = 0; t < thresholds; t++) {
            precision[t] = (double) recalled[t] / (double) proposals[t];
            recall[t] = (double) recalled[t] / (double) faces;
        }
        return VocAp.ap(recall, precision);
    }

    long proposals(int t) {
        return proposals[t];
    }

    long recalled(int t) {
        return recalled[t];
    }
}
