package org.mmdet4j.data.transforms;

import java.util.List;
import java.util.Random;
import org.mmdet4j.data.image.BilinearResize;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection v2's {@code Resize}. Scales are (w, h) pairs as in the configs. With
 * {@code keepRatio} the image is rescaled like {@code mmcv.imrescale}: factor
 * {@code min(max(scale) / max(h, w), min(scale) / min(h, w))}, new size
 * {@code int(w * f + 0.5)} x {@code int(h * f + 0.5)}; the recorded scale factor is then the
 * exact ratio of new to old size per axis ({@code new_w / w}, {@code new_h / h}), which is what
 * the boxes are multiplied by. Without it the image is resized to the scale itself.
 *
 * <p>Multi-scale: with {@code ratioRange} a ratio is drawn uniformly and multiplies the single
 * scale (each side truncated to int); otherwise with several scales, mode "range" draws the long
 * and the short edge as integers between the scales' extremes, mode "value" picks one scale.
 */
public final class Resize implements Transform {
    public enum MultiscaleMode { RANGE, VALUE }

    private final List<int[]> imgScale;
    private final MultiscaleMode mode;
    private final double[] ratioRange;
    private final boolean keepRatio;
    private final boolean bboxClipBorder;
    private final boolean override;

    public Resize(List<int[]> imgScale, MultiscaleMode mode, double[] ratioRange, boolean keepRatio,
                  boolean bboxClipBorder, boolean override) {
        for (int[] s : imgScale) {
            if (s.length != 2 || s[0] <= 0 || s[1] <= 0) {
                throw new IllegalArgumentException("img_scale entries must be two positive ints (w, h)");
            }
        }
        if (ratioRange != null) {
            if (imgScale.size() != 1) {
                throw new IllegalArgumentException("ratio_range needs exactly one img_scale, got " + imgScale.size());
            }
            if (ratioRange.length != 2 || ratioRange[0] > ratioRange[1]) {
                throw new IllegalArgumentException("ratio_range must be (min, max) with min <= max");
            }
        }
        if (mode == MultiscaleMode.RANGE && ratioRange == null && imgScale.size() > 2) {
            throw new IllegalArgumentException("multiscale_mode 'range' needs exactly two img_scale entries");
        }
        this.imgScale = List.copyOf(imgScale);
        this.mode = mode;
        this.ratioRange = ratioRange;
        this.keepRatio = keepRatio;
        this.bboxClipBorder = bboxClipBorder;
        this.override = override;
    }

    /** The common single-scale case, e.g. {@code Resize(img_scale=(1333, 800), keep_ratio=True)}. */
    public static Resize single(int w, int h, boolean keepRatio) {
        return new Resize(List.of(new int[] {w, h}), MultiscaleMode.RANGE, null, keepRatio, true, false);
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        if (s.scale == null || override) {
            if (imgScale.isEmpty()) {
                throw new IllegalStateException("Resize has no img_scale and the sample sets no scale");
            }
            s.scale = randomScale(rng);
        }
        Image src = s.img;
        int h = src.height;
        int w = src.width;
        int newW;
        int newH;
        if (keepRatio) {
            int[] size = rescaleSize(w, h, s.scale);
            newW = size[0];
            newH = size[1];
        } else {
            newW = s.scale[0];
            newH = s.scale[1];
        }
        Image out = BilinearResize.resize(src, newW, newH);
        // mmdetection stores the factors as float32: new_w / w and new_h / h.
        float ws = (float) ((double) newW / w);
        float hs = (float) ((double) newH / h);
        float[] prev = s.scaleFactor == null ? new float[] {1f, 1f, 1f, 1f} : s.scaleFactor;
        s.img = out;
        s.imgShape = out.shape();
        s.padShape = out.shape();
        s.keepRatio = keepRatio;
        float[] factor = {ws, hs, ws, hs};
        if (s.gtBboxes != null) {
            s.gtBboxes = BoxOps.scale(s.gtBboxes, factor, s.imgShape, bboxClipBorder);
        }
        if (s.gtBboxesIgnore != null) {
            s.gtBboxesIgnore = BoxOps.scale(s.gtBboxesIgnore, factor, s.imgShape, bboxClipBorder);
        }
        if (s.gtMasks != null) {
            s.gtMasks = s.gtMasks.resize(newH, newW);
        }
        if (s.gtKeypoints != null) {
            s.gtKeypoints = s.gtKeypoints.affine(ws, 0, hs, 0);
        }
        // A second Resize (override) composes with the first so predictions still map back.
        s.scaleFactor = override
                ? new float[] {prev[0] * ws, prev[1] * hs, prev[2] * ws, prev[3] * hs}
                : factor;
        return s;
    }

    /** {@code mmcv.rescale_size} for a (w, h) image and a (long, short)-agnostic scale pair. */
    public static int[] rescaleSize(int w, int h, int[] scale) {
        double maxLong = Math.max(scale[0], scale[1]);
        double maxShort = Math.min(scale[0], scale[1]);
        double factor = Math.min(maxLong / Math.max(h, w), maxShort / Math.min(h, w));
        return new int[] {(int) (w * factor + 0.5), (int) (h * factor + 0.5)};
    }

    private int[] randomScale(Random rng) {
        if (ratioRange != null) {
            double ratio = rng.nextDouble() * (ratioRange[1] - ratioRange[0]) + ratioRange[0];
            int[] base = imgScale.get(0);
            return new int[] {(int) (base[0] * ratio), (int) (base[1] * ratio)};
        }
        if (imgScale.size() == 1) {
            return imgScale.get(0).clone();
        }
        if (mode == MultiscaleMode.VALUE) {
            return imgScale.get(rng.nextInt(imgScale.size())).clone();
        }
        int[] a = imgScale.get(0);
        int[] b = imgScale.get(1);
        int longLo = Math.min(Math.max(a[0], a[1]), Math.max(b[0], b[1]));
        int longHi = Math.max(Math.max(a[0], a[1]), Math.max(b[0], b[1]));
        int shortLo = Math.min(Math.min(a[0], a[1]), Math.min(b[0], b[1]));
        int shortHi = Math.max(Math.min(a[0], a[1]), Math.min(b[0], b[1]));
        int longEdge = longLo + rng.nextInt(longHi - longLo + 1);
        int shortEdge = shortLo + rng.nextInt(shortHi - shortLo + 1);
        return new int[] {longEdge, shortEdge};
    }
}
