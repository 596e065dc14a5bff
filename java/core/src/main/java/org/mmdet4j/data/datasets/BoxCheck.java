package org.mmdet4j.data.datasets;

/** Validity of one ground-truth box against its image, shared by every annotation format. */
final class BoxCheck {
    private BoxCheck() {
    }

    /**
     * @return why the box {@code (x, y, w, h)} is invalid in a {@code imgW x imgH} image, or
     *         {@code null} when it is usable. Zero-size boxes are not errors here: mmdetection
     *         drops them quietly (see the formats' "too small" rules).
     */
    static String check(double x, double y, double w, double h, int imgW, int imgH) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return "bbox origin is not a finite number (" + x + ", " + y + ")";
        }
        if (Double.isNaN(w) || Double.isNaN(h)) {
            return "bbox width/height is NaN (w=" + w + ", h=" + h + ")";
        }
        if (!Double.isFinite(w) || !Double.isFinite(h)) {
            return "bbox width/height is infinite (w=" + w + ", h=" + h + ")";
        }
        if (w < 0 || h < 0) {
            return "bbox has negative width/height (w=" + w + ", h=" + h + ")";
        }
        double interW = Math.max(0, Math.min(x + w, imgW) - Math.max(x, 0));
        double interH = Math.max(0, Math.min(y + h, imgH) - Math.max(y, 0));
        if (w > 0 && h > 0 && interW * interH == 0) {
            return "bbox [" + x + ", " + y + ", " + w + ", " + h + "] lies outside the " + imgW + "x" + imgH + " image";
        }
        return null;
    }
}
