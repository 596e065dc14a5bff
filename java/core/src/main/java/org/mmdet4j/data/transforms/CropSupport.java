package org.mmdet4j.data.transforms;

import org.mmdet4j.data.sample.Sample;

/** Applies an integer crop window to image, boxes, labels, masks and landmarks of a sample. */
final class CropSupport {
    private CropSupport() {
    }

    /**
     * Crops the image to [x1, x2) x [y1, y2) and keeps the ground truth selected by
     * {@code keep} (indices into {@code gt_bboxes}), boxes already shifted and clipped.
     */
    static void applyWindow(Sample s, int x1, int y1, int x2, int y2, int[] keep, float[] keptBoxes,
                            float[] ignoreBoxes) {
        s.img = ImageGeometry.crop(s.img, x1, y1, x2, y2);
        s.imgShape = s.img.shape();
        if (s.gtBboxes != null) {
            s.gtBboxes = keptBoxes;
        }
        if (s.gtLabels != null) {
            s.gtLabels = BoxOps.select(s.gtLabels, keep);
        }
        if (s.gtMasks != null) {
            s.gtMasks = s.gtMasks.select(keep).crop(x1, y1, x2, y2);
        }
        if (s.gtKeypoints != null) {
            s.gtKeypoints = s.gtKeypoints.select(keep).affine(1, -x1, 1, -y1);
        }
        if (s.gtBboxesIgnore != null) {
            s.gtBboxesIgnore = ignoreBoxes;
        }
    }

    static int[] indices(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        int[] out = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) {
            if (mask[i]) {
                out[k++] = i;
            }
        }
        return out;
    }
}
