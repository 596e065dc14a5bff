package org.mmdet4j.evaluation.coco;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.mmdet4j.evaluation.util.StableSort;

/**
 * pycocotools' {@code accumulate}: per category, area range and detection limit, all images'
 * detections sorted by score (stable, images in id order), cumulative TP/FP per IoU threshold,
 * precision made monotone, and read at the 101 recall thresholds. Runs in parallel over
 * categories; each category writes only its own slice of the output arrays.
 */
final class Accumulator {
    private static final double EPS = Math.ulp(1.0); // np.spacing(1)

    private final CocoEvalParams p;
    private final EvaluatedCells cells;
    private final double[] scores;

    Accumulator(CocoEvalParams p, EvaluatedCells cells, double[] scores) {
        this.p = p;
        this.cells = cells;
        this.scores = scores;
    }

    CocoEvalResult run(CocoGroundTruth gt, IouType iouType) {
        int numT = p.iouThrs.length, numR = p.recThrs.length, numK = cells.numCategories();
        int numA = p.areaRanges.length, numM = p.maxDets.length;
        double[] precision = new double[numT * numR * numK * numA * numM];
        double[] scoreAt = new double[precision.length];
        double[] recall = new double[numT * numK * numA * numM];
        Arrays.fill(precision, -1);
        Arrays.fill(scoreAt, -1);
        Arrays.fill(recall, -1);
        IntStream.range(0, numK).parallel().forEach(k -> category(k, precision, scoreAt, recall));
        return new CocoEvalResult(gt, iouType, p, precision, recall, scoreAt);
    }

    private void category(int k, double[] precision, double[] scoreAt, double[] recall) {
        int numI = cells.numImages(), numT = p.iouThrs.length, numR = p.recThrs.length;
        int numK = cells.numCategories(), numA = p.areaRanges.length, numM = p.maxDets.length;
        int[] keptStart = cells.keptStart();
        int c0 = k * numI;
        int from = keptStart[c0], to = keptStart[c0 + numI];
        int n = to - from;
        // Kept positions of this category are contiguous, images in id order, each image's in
        // score order: exactly the concatenation pycocotools sorts.
        int[] order = new int[n];
        double[] key = new double[n];
        int[] rank = new int[n]; // position within its image, for the maxDets cut
        for (int c = c0; c < c0 + numI; c++) {
            for (int pos = keptStart[c]; pos < keptStart[c + 1]; pos++) {
                int j = pos - from;
                order[j] = j;
                key[j] = scores[cells.keptDet()[pos]];
                rank[j] = pos - keptStart[c];
            }
        }
        StableSort.byKeyDescending(order, key);
        int[] npigA = new int[numA];
        for (int c = c0; c < c0 + numI; c++) {
            for (int a = 0; a < numA; a++) {
                npigA[a] += cells.npig()[c * numA + a];
            }
        }
        int[] sel = new int[n];
        int[] tpPos = new int[n + 2];   // tpPos[v]: index of the v-th true positive; n + 1 is a sink
        int[] fpAt = new int[n + 2];    // false positives before it
        double[] best = new double[n + 2];
        int[] need = new int[numR];
        int stride = cells.keptDet().length;
        byte[] flags = cells.flags();
        for (int m = 0; m < numM; m++) {
            int maxDet = p.maxDets[m];
            // Filtering a stably sorted list keeps it the stable sort of the subset.
            int nd = 0;
            for (int j : order) {
                if (rank[j] < maxDet) {
                    sel[nd++] = j;
                }
            }
            for (int a = 0; a < numA; a++) {
                int npig = npigA[a];
                if (npig == 0) {
                    continue;
                }
                minimalTruePositives(npig, need);
                for (int t = 0; t < numT; t++) {
                    int base = (a * numT + t) * stride + from;
                    // Branch-free scan (outcomes are unpredictable): FP = 0, TP = 1, IGNORED = 2.
                    int tp = 0, fp = 0;
                    for (int j = 0; j < nd; j++) {
                        int f = flags[base + sel[j]];
                        int isTp = f & 1;
                        tp += isTp;
                        int slot = isTp == 1 ? tp : n + 1;
                        tpPos[slot] = j;
                        fpAt[slot] = fp;
                        fp += (f - 1) >>> 31;
                    }
                    recall[((t * numK + k) * numA + a) * numM + m] = nd > 0 ? (double) tp / npig : 0;
                    // The monotone precision (suffix maximum of tp / (fp + tp + eps)) only rises at
                    // true positives, so the maximum over [i, nd) for i at the v-th true positive
                    // is the maximum over true positives v..tp; best[0] covers i = 0 (pr[0] is 0
                    // unless the first detection is a true positive).
                    best[tp + 1] = 0;
                    for (int v = tp; v >= 1; v--) {
                        double pr = (double) v / ((double) fpAt[v] + (double) v + EPS);
                        best[v] = Math.max(pr, best[v + 1]);
                    }
                    best[0] = best[1];
                    // np.searchsorted(rc, recThrs, 'left') with rc = tp / npig lands on the
                    // need[r]-th true positive (index 0 when need[r] == 0); past the end the
                    // rest stay 0 (pycocotools' IndexError path).
                    for (int r = 0; r < numR; r++) {
                        int idx = (((t * numR + r) * numK + k) * numA + a) * numM + m;
                        int v = need[r];
                        if (nd > 0 && v <= tp) {
                            precision[idx] = best[v];
                            scoreAt[idx] = key[sel[v == 0 ? 0 : tpPos[v]]];
                        } else {
                            precision[idx] = 0;
                            scoreAt[idx] = 0;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code need[r]}: the fewest true positives {@code x} with {@code x / npig >= recThrs[r]}
     * in double arithmetic, the comparison {@code searchsorted} makes on the recall curve.
     */
    private void minimalTruePositives(int npig, int[] need) {
        for (int r = 0; r < need.length; r++) {
            double thr = p.recThrs[r];
            long x = Math.max(0, Math.min(npig, (long) Math.ceil(thr * npig)));
            while (x > 0 && (double) (x - 1) / npig >= thr) {
                x--;
            }
            while (x <= npig && (double) x / npig < thr) {
                x++;
            }
            need[r] = (int) x; // npig + 1 when unreachable
        }
    }
}
