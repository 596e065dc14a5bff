package org.mmdet4j.evaluation.widerface;

import org.mmdet4j.evaluation.util.NumpySum;

/**
 * The official evaluation's {@code voc_ap}: the area under the precision-recall curve after
 * taking the running maximum of precision from the right, with sentinels recall 0 / precision 0
 * before and recall 1 / precision 0 after, summed over the points where recall changes. NaN
 * precisions (thresholds without proposals) propagate leftwards as {@code np.maximum} does and
 * reach the sum only if recall changes there; the sum is numpy's pairwise one.
 */
final class VocAp {
    private VocAp() {
    }

    static double ap(double[] recall, double[] precision) {
        int n = recall.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        System.arraycopy(recall, 0, mrec, 1, n);
        System.arraycopy(precision, 0, mpre, 1, n);
        mrec[n + 1] = 1;
        for (int i = n + 1; i > 0; i--) {
            mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]); // NaN-propagating, like np.maximum
        }
        double[] terms = new double[n + 1];
        int k = 0;
        for (int i = 0; i <= n; i++) {
            if (mrec[i + 1] != mrec[i]) { // true for NaN, as numpy's !=
                terms[k++] = (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }
        return k == 0 ? 0.0 : NumpySum.sum(terms, 0, k);
    }
}
