package org.mmdet4j.evaluation.voc;

/**
 * Ground truth and detections of one image for {@link VocMeanAp}. Boxes are corner boxes
 * {@code [x1, y1, x2, y2]} stored flat; labels are 0-based class indices.
 *
 * @param gtBoxes      4 values per ground truth box
 * @param gtLabels     class of each ground truth box
 * @param ignoreBoxes  4 values per ignored box (VOC "difficult"): matching one is neither TP nor FP
 * @param ignoreLabels class of each ignored box
 * @param detections   per class, 5 values per detection: {@code x1, y1, x2, y2, score}
 */
public record VocImage(double[] gtBoxes, int[] gtLabels, double[] ignoreBoxes, int[] ignoreLabels,
        double[][] detections) {
    public VocImage {
        if (gtBoxes.length != 4 * gtLabels.length || ignoreBoxes.length != 4 * ignoreLabels.length) {
            throw new IllegalArgumentException("boxes need 4 values per label");
        }
        for (double[] d : detections) {
            if (d.length % 5 != 0) {
                throw new IllegalArgumentException("detections need 5 values each (x1, y1, x2, y2, score)");
            }
            for (double v : d) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("detection value " + v);
                }
            }
        }
    }
}
