package org.mmdet4j.data.transforms;

import java.util.Random;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection's {@code Expand} (SSD zoom-out): with probability {@code prob}, places the image
 * at a random (top, left) of a canvas {@code ratio} times larger filled with the mean colour
 * (given in RGB and reversed to BGR when {@code toRgb}); boxes and masks shift by (left, top).
 * Unlike upstream, {@code img_shape} is updated to the canvas, so a following transform sees
 * the right frame, and polygon masks are supported (a vertex shift).
 */
public final class Expand implements Transform {
    private final float[] mean;
    private final double minRatio;
    private final double maxRatio;
    private final double prob;

    public Expand(float[] mean, boolean toRgb, double[] ratioRange, double prob) {
        if (ratioRange[0] < 1 || ratioRange[0] > ratioRange[1]) {
            throw new IllegalArgumentException("Expand ratio_range must be (min, max) with 1 <= min <= max");
        }
        float[] m = mean.clone();
        if (toRgb) {
            for (int i = 0; i < m.length / 2; i++) {
                float t = m[i];
                m[i] = m[m.length - 1 - i];
                m[m.length - 1 - i] = t;
            }
        }
        this.mean = m;
        this.minRatio = ratioRange[0];
        this.maxRatio = ratioRange[1];
        this.prob = prob;
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        if (rng.nextDouble() > prob) {
            return s;
        }
        int h = s.img.height;
        int w = s.img.width;
        double ratio = minRatio + (maxRatio - minRatio) * rng.nextDouble();
        int outH = (int) (h * ratio);
        int outW = (int) (w * ratio);
        int left = (int) (rng.nextDouble() * (w * ratio - w));
        int top = (int) (rng.nextDouble() * (h * ratio - h));
        float[] fill = mean.length == s.img.channels ? mean : new float[] {mean[0]};
        s.img = ImageGeometry.place(s.img, outH, outW, top, left, fill);
        s.imgShape = s.img.shape();
        if (s.gtBboxes != null) {
            s.gtBboxes = BoxOps.shift(s.gtBboxes, left, top);
        }
        if (s.gtBboxesIgnore != null) {
            s.gtBboxesIgnore = BoxOps.shift(s.gtBboxesIgnore, left, top);
        }
        if (s.gtMasks != null) {
            s.gtMasks = s.gtMasks.expand(outH, outW, top, left);
        }
        if (s.gtKeypoints != null) {
            s.gtKeypoints = s.gtKeypoints.affine(1, left, 1, top);
        }
        return s;
    }
}
