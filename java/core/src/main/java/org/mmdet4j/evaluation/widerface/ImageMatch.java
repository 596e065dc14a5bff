package org.mmdet4j.evaluation.widerface;

/**
 * The official evaluation's {@code image_eval}: the predictions of one image matched, in file
 * order, to its faces. Each prediction takes the face of highest IoU (the first on a tie, as
 * {@code argmax}); at IoU >= the threshold it
 * <ul>
 *   <li>recalls that face if the subset keeps it (a second prediction on the same face recalls
 *       nothing new, and is still counted as a proposal: a false positive);</li>
 *   <li>is no proposal at all if the subset does not keep the face: it neither counts as a
 *       detection nor as a false positive.</li>
 * </ul>
 * Predictions below the threshold are proposals that recall nothing.
 *
 * @param recalled per prediction, the number of kept faces recalled by it and those before it
 *                 ({@code pred_recall})
 * @param proposal per prediction, whether it counts as a detection ({@code proposal_list == 1})
 */
record ImageMatch(int[] recalled, boolean[] proposal) {
    /**
     * @param predictions five values per prediction, {@code x, y, w, h, score}
     * @param faces       four values per face, {@code x, y, w, h}; at least one face
     * @param kept        per face, whether the subset keeps it (the official {@code ignore} array,
     *                    whose 1 means "kept")
     */
    static ImageMatch of(double[] predictions, double[] faces, boolean[] kept, double iouThreshold) {
        int n = predictions.length / WiderImagePredictions.VALUES, m = kept.length;
        double[] p = FaceOverlaps.corners(predictions, WiderImagePredictions.VALUES, n);
        double[] g = FaceOverlaps.corners(faces, 4, m);
        // recall_list: 0 not recalled, 1 recalled, -1 hit but not kept (never counted).
        int[] state = new int[m];
        int[] recalled = new int[n];
        boolean[] proposal = new boolean[n];
        int count = 0;
        for (int h = 0; h < n; h++) {
            proposal[h] = true;
            int best = 0;
            double bestIou = FaceOverlaps.iou(p, 4 * h, g, 0);
            for (int k = 1; k < m; k++) {
                double iou = FaceOverlaps.iou(p, 4 * h, g, 4 * k);
                if (iou > bestIou) {
                    best = k;
                    bestIou = iou;
                }
            }
            if (bestIou >= iouThreshold) {
                if (!kept[best]) {
                    state[best] = -1;
                    proposal[h] = false;
                } else if (state[best] == 0) {
                    state[best] = 1;
                    count++;
                }
            }
            recalled[h] = count;
        }
        return new ImageMatch(recalled, proposal);
    }
}
