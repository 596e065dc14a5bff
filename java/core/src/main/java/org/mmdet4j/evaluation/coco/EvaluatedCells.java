package org.mmdet4j.evaluation.coco;

/**
 * Output of the per-cell matching, flat: the kept detections of cell {@code c} occupy positions
 * {@code keptStart[c] .. keptStart[c+1]} in score order; {@code flags[(a * T + t) * N + pos]}
 * is the outcome of position {@code pos} ({@link ImageCategoryMatcher#TP} etc.) for area range
 * {@code a} and IoU threshold {@code t}; {@code npig[c * A + a]} counts non-ignored ground truth.
 */
record EvaluatedCells(int numImages, int numCategories, int[] keptStart, int[] keptDet, byte[] flags,
        int[] npig) {
}
