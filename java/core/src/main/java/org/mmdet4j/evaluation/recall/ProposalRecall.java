package org.mmdet4j.evaluation.recall;

import java.util.Arrays;
import java.util.List;
import org.mmdet4j.evaluation.util.StableSort;
import org.mmdet4j.evaluation.voc.BoxOverlaps;

/**
 * Recall of region proposals as mmdetection's {@code eval_recalls}: per image the top-N proposals
 * (by score when given) are matched to ground truth greedily, best IoU pair first, each proposal
 * and ground truth used once; recall at a threshold is the fraction of all ground truths whose
 * matched IoU reaches it. IoUs are float32 like mmdetection's.
 */
public final class ProposalRecall {
    private ProposalRecall() {
    }

    /** The usual RPN table: 100/300/1000 proposals at IoU 0.5. */
    public static double[][] evaluate(List<double[]> gts, List<double[]> proposals, boolean withScores) {
        return evaluate(gts, proposals, withScores, new int[] {100, 300, 1000}, new double[] {0.5});
    }

    /**
     * @param gts          per image, 4 values per box {@code x1, y1, x2, y2}
     * @param proposals    per image, 4 (or 5 with {@code withScores}: + score) values per proposal
     * @param proposalNums increasing numbers of proposals to keep
     * @return {@code recall[n][t]} for proposal number {@code n} and IoU threshold {@code t};
     *         NaN when there is no ground truth at all
     */
    public static double[][] evaluate(List<double[]> gts, List<double[]> proposals, boolean withScores,
            int[] proposalNums, double[] iouThrs) {
        if (gts.size() != proposals.size()) {
            throw new IllegalArgumentException(gts.size() + " images of ground truth but "
                    + proposals.size() + " of proposals");
        }
        int stride = withScores ? 5 : 4;
        int maxNum = proposalNums[proposalNums.length - 1];
        int totalGt = 0;
        for (double[] g : gts) {
            totalGt += g.length / 4;
        }
        float[][] best = new float[proposalNums.length][totalGt];
        int gtOffset = 0;
        for (int img = 0; img < gts.size(); img++) {
            double[] g = gts.get(img);
            double[] p = sortedByScore(proposals.get(img), stride, withScores);
            int ng = g.length / 4;
            int np = Math.min(p.length / stride, maxNum);
            float[] ious = BoxOverlaps.iou(g, 4, ng, p, stride, np, false);
            for (int k = 0; k < proposalNums.length; k++) {
                int cols = Math.min(np, proposalNums[k]);
                greedy(ious, ng, np, cols, best[k], gtOffset);
            }
            gtOffset += ng;
        }
        double[][] recalls = new double[proposalNums.length][iouThrs.length];
        for (int k = 0; k < proposalNums.length; k++) {
            for (int t = 0; t < iouThrs.length; t++) {
                int hits = 0;
                for (float v : best[k]) {
                    if ((double) v >= iouThrs[t]) {
                        hits++;
                    }
                }
                recalls[k][t] = hits / (double) totalGt;
            }
        }
        return recalls;
    }

    /** {@code _recalls}' loop: repeatedly take the largest remaining IoU, then retire its row and column. */
    private static void greedy(float[] all, int ng, int np, int cols, float[] out, int offset) {
        if (ng == 0 || cols == 0) {
            return; // those ground truths keep 0
        }
        float[] ious = new float[ng * cols];
        for (int i = 0; i < ng; i++) {
            System.arraycopy(all, i * np, ious, i * cols, cols);
        }
        for (int j = 0; j < ng; j++) {
            int gtIdx = -1, boxIdx = -1;
            float maxIou = 0;
            for (int i = 0; i < ng; i++) {
                int arg = 0; // argmax of the row: the first maximum
                for (int c = 1; c < cols; c++) {
                    if (ious[i * cols + c] > ious[i * cols + arg]) {
                        arg = c;
                    }
                }
                float v = ious[i * cols + arg];
                if (gtIdx < 0 || v > maxIou) {
                    gtIdx = i;
                    boxIdx = arg;
                    maxIou = v;
                }
            }
            out[offset + j] = maxIou;
            Arrays.fill(ious, gtIdx * cols, (gtIdx + 1) * cols, -1f);
            for (int i = 0; i < ng; i++) {
                ious[i * cols + boxIdx] = -1f;
            }
        }
    }

    /** {@code argsort(scores)[::-1]}: descending, equal scores in reverse input order. */
    private static double[] sortedByScore(double[] p, int stride, boolean withScores) {
        if (!withScores) {
            return p;
        }
        int n = p.length / stride;
        int[] order = new int[n];
        double[] neg = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            neg[i] = -p[i * stride + 4];
        }
        StableSort.byKeyDescending(order, neg); // ascending score, stable
        double[] out = new double[p.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(p, order[n - 1 - i] * stride, out, i * stride, stride);
        }
        return out;
    }
}
