package org.mmdet4j.evaluation.coco;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mmdet4j.evaluation.util.NumpySum;

/**
 * Accumulated COCO evaluation: pycocotools' {@code eval['precision']} {@code [T][R][K][A][M]},
 * {@code eval['recall']} {@code [T][K][A][M]} and {@code eval['scores']}, flattened in numpy's
 * C order, plus the 12 summary statistics of {@code summarize()} and per-category APs as
 * mmdetection's {@code classwise} table computes them. -1 marks "no ground truth".
 */
public final class CocoEvalResult {
    /** Names of the 12 stats in pycocotools' order. */
    public static final List<String> STAT_NAMES = List.of("AP", "AP50", "AP75", "APs", "APm", "APl",
            "AR1", "AR10", "AR100", "ARs", "ARm", "ARl");

    private final IouType iouType;
    private final CocoEvalParams p;
    private final long[] categoryIds;
    private final String[] categoryNames;
    private final double[] precision;
    private final double[] recall;
    private final double[] scores;
    private final double[] stats;
    private final boolean empty;

    CocoEvalResult(CocoGroundTruth gt, IouType iouType, CocoEvalParams p, double[] precision,
            double[] recall, double[] scores) {
        this(gt, iouType, p, precision, recall, scores, false);
    }

    private CocoEvalResult(CocoGroundTruth gt, IouType iouType, CocoEvalParams p, double[] precision,
            double[] recall, double[] scores, boolean empty) {
        this.iouType = iouType;
        this.p = p;
        this.categoryIds = gt.categoryIds.clone();
        this.categoryNames = gt.categoryNames.clone();
        this.precision = precision;
        this.recall = recall;
        this.scores = scores;
        this.empty = empty;
        this.stats = computeStats();
    }

    /** No detections at all: every entry is -1, so every stat is -1. */
    static CocoEvalResult empty(CocoGroundTruth gt, IouType iouType, CocoEvalParams p) {
        int k = gt.numCategories(), t = p.iouThrs.length, r = p.recThrs.length;
        int a = p.areaRanges.length, m = p.maxDets.length;
        double[] prec = new double[t * r * k * a * m];
        double[] rec = new double[t * k * a * m];
        Arrays.fill(prec, -1);
        Arrays.fill(rec, -1);
        return new CocoEvalResult(gt, iouType, p, prec, rec, prec.clone(), true);
    }

    public IouType iouType() {
        return iouType;
    }

    public CocoEvalParams params() {
        return p;
    }

    /** True when there were no detections to evaluate. */
    public boolean isEmpty() {
        return empty;
    }

    public long[] categoryIds() {
        return categoryIds.clone();
    }

    public String[] categoryNames() {
        return categoryNames.clone();
    }

    /** The 12 summary statistics, pycocotools' {@code stats}. */
    public double[] stats() {
        return stats.clone();
    }

    public double precision(int t, int r, int k, int a, int m) {
        return precision[index(t, r, k, a, m)];
    }

    public double scoreAt(int t, int r, int k, int a, int m) {
        return scores[index(t, r, k, a, m)];
    }

    public double recall(int t, int k, int a, int m) {
        int numK = categoryIds.length, numA = p.areaRanges.length, numM = p.maxDets.length;
        return recall[((t * numK + k) * numA + a) * numM + m];
    }

    private int index(int t, int r, int k, int a, int m) {
        int numR = p.recThrs.length, numK = categoryIds.length;
        int numA = p.areaRanges.length, numM = p.maxDets.length;
        return (((t * numR + r) * numK + k) * numA + a) * numM + m;
    }

    private double[] computeStats() {
        int m0 = p.maxDets.length - 1;
        int last = p.maxDets[m0];
        int[] md = p.maxDets;
        return new double[] {
            summarize(true, -1, "all", last),
            summarize(true, .5, "all", md[Math.min(2, m0)]),
            summarize(true, .75, "all", md[Math.min(2, m0)]),
            summarize(true, -1, "small", md[Math.min(2, m0)]),
            summarize(true, -1, "medium", md[Math.min(2, m0)]),
            summarize(true, -1, "large", md[Math.min(2, m0)]),
            summarize(false, -1, "all", md[0]),
            summarize(false, -1, "all", md[Math.min(1, m0)]),
            summarize(false, -1, "all", md[Math.min(2, m0)]),
            summarize(false, -1, "small", md[Math.min(2, m0)]),
            summarize(false, -1, "medium", md[Math.min(2, m0)]),
            summarize(false, -1, "large", md[Math.min(2, m0)]),
        };
    }

    /**
     * {@code _summarize}: the mean of the entries above -1 of one slice, in numpy's order
     * (t, r, k for precision; t, k for recall) and with numpy's pairwise sum; -1 if none.
     */
    private double summarize(boolean ap, double iouThr, String area, int maxDet) {
        int a = p.areaIndex(area), m = p.maxDetIndex(maxDet);
        int numT = p.iouThrs.length, numR = p.recThrs.length, numK = categoryIds.length;
        if (a < 0 || m < 0) {
            return -1;
        }
        int t0 = 0, t1 = numT;
        if (iouThr >= 0) {
            t0 = p.iouIndex(iouThr);
            if (t0 < 0) {
                return -1;
            }
            t1 = t0 + 1;
        }
        double[] vals = new double[(t1 - t0) * (ap ? numR : 1) * numK];
        int n = 0;
        for (int t = t0; t < t1; t++) {
            for (int r = 0; r < (ap ? numR : 1); r++) {
                for (int k = 0; k < numK; k++) {
                    double v = ap ? precision(t, r, k, a, m) : recall(t, k, a, m);
                    if (v > -1) {
                        vals[n++] = v;
                    }
                }
            }
        }
        return n == 0 ? -1 : NumpySum.mean(vals, n);
    }

    /**
     * AP of one category over all IoU thresholds (or at one, {@code iouThr >= 0}), area "all",
     * the largest maxDets, as mmdetection's classwise table; NaN when it has no ground truth.
     */
    public double categoryAp(int k, double iouThr) {
        int numR = p.recThrs.length;
        int t0 = 0, t1 = p.iouThrs.length;
        if (iouThr >= 0) {
            t0 = p.iouIndex(iouThr);
            if (t0 < 0) {
                throw new IllegalArgumentException("IoU threshold " + iouThr + " is not evaluated");
            }
            t1 = t0 + 1;
        }
        int a = p.areaIndex("all") < 0 ? 0 : p.areaIndex("all");
        int m = p.maxDets.length - 1;
        double[] vals = new double[(t1 - t0) * numR];
        int n = 0;
        for (int t = t0; t < t1; t++) {
            for (int r = 0; r < numR; r++) {
                double v = precision(t, r, k, a, m);
                if (v > -1) {
                    vals[n++] = v;
                }
            }
        }
        return n == 0 ? Double.NaN : NumpySum.mean(vals, n);
    }

    /** The 12 lines pycocotools' {@code summarize()} prints, character for character. */
    public List<String> summaryLines() {
        String[][] rows = {
            {"1", "", "all"}, {"1", "0.50", "all"}, {"1", "0.75", "all"}, {"1", "", "small"},
            {"1", "", "medium"}, {"1", "", "large"}, {"0", "", "all"}, {"0", "", "all"},
            {"0", "", "all"}, {"0", "", "small"}, {"0", "", "medium"}, {"0", "", "large"},
        };
        int m0 = p.maxDets.length - 1;
        int[] dets = {p.maxDets[m0], p.maxDets[Math.min(2, m0)], p.maxDets[Math.min(2, m0)],
            p.maxDets[Math.min(2, m0)], p.maxDets[Math.min(2, m0)], p.maxDets[Math.min(2, m0)],
            p.maxDets[0], p.maxDets[Math.min(1, m0)], p.maxDets[Math.min(2, m0)],
            p.maxDets[Math.min(2, m0)], p.maxDets[Math.min(2, m0)], p.maxDets[Math.min(2, m0)]};
        String allIou = fixed(p.iouThrs[0], 2) + ":" + fixed(p.iouThrs[p.iouThrs.length - 1], 2);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            boolean ap = rows[i][0].equals("1");
            String title = ap ? "Average Precision" : "Average Recall";
            String type = ap ? "(AP)" : "(AR)";
            String iou = rows[i][1].isEmpty() ? allIou : rows[i][1];
            lines.add(String.format(" %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s",
                    title, type, iou, rows[i][2], dets[i], fixed(stats[i], 3)));
        }
        return lines;
    }

    /** Python's {@code '{:0.Nf}'}: the exact binary value rounded half to even. */
    static String fixed(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }
}
