package org.mmdet4j.data.transforms;

import java.util.Locale;
import java.util.Random;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection v2's {@code RandomCrop}. The crop size (h, w) comes from {@code crop_type}:
 * "absolute" (clamped to the image), "absolute_range" (ints drawn in [lo, min(side, hi)]),
 * "relative" ({@code int(side * r + 0.5)}), "relative_range" (r drawn in [r0, 1]). The offset is
 * uniform over the margins. Boxes shift by the offset, are clipped, and those left with no area
 * are dropped with their labels and masks; when no ground-truth box survives and
 * {@code allowNegativeCrop} is false the sample is dropped ({@code null}).
 */
public final class RandomCrop implements Transform {
    public enum CropType { ABSOLUTE, ABSOLUTE_RANGE, RELATIVE, RELATIVE_RANGE;
        public static CropType parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid crop_type '" + s
                        + "'; expected absolute, absolute_range, relative or relative_range");
            }
        }
    }

    private final double[] cropSize;
    private final CropType type;
    private final boolean allowNegativeCrop;
    private final boolean recomputeBbox;
    private final boolean bboxClipBorder;

    public RandomCrop(double[] cropSize, CropType type, boolean allowNegativeCrop, boolean recomputeBbox,
                      boolean bboxClipBorder) {
        if (cropSize.length != 2) {
            throw new IllegalArgumentException("crop_size must be (h, w)");
        }
        if (type == CropType.ABSOLUTE || type == CropType.ABSOLUTE_RANGE) {
            if (cropSize[0] <= 0 || cropSize[1] <= 0 || cropSize[0] != Math.rint(cropSize[0])
                    || cropSize[1] != Math.rint(cropSize[1])) {
                throw new IllegalArgumentException("absolute crop_size must be two positive ints");
            }
            if (type == CropType.ABSOLUTE_RANGE && cropSize[0] > cropSize[1]) {
                throw new IllegalArgumentException("absolute_range crop_size must be (lo, hi) with lo <= hi");
            }
        } else if (!(cropSize[0] > 0 && cropSize[0] <= 1 && cropSize[1] > 0 && cropSize[1] <= 1)) {
            throw new IllegalArgumentException("relative crop_size values must lie in (0, 1]");
        }
        this.cropSize = cropSize.clone();
        this.type = type;
        this.allowNegativeCrop = allowNegativeCrop;
        this.recomputeBbox = recomputeBbox;
        this.bboxClipBorder = bboxClipBorder;
    }

    int[] cropSize(int h, int w, Random rng) {
        switch (type) {
            case ABSOLUTE:
                return new int[] {Math.min((int) cropSize[0], h), Math.min((int) cropSize[1], w)};
            case ABSOLUTE_RANGE: {
                int lo = (int) cropSize[0];
                int hi = (int) cropSize[1];
                int ch = Math.min(h, lo) + rng.nextInt(Math.min(h, hi) - Math.min(h, lo) + 1);
                int cw = Math.min(w, lo) + rng.nextInt(Math.min(w, hi) - Math.min(w, lo) + 1);
                return new int[] {ch, cw};
            }
            case RELATIVE:
                return new int[] {(int) (h * cropSize[0] + 0.5), (int) (w * cropSize[1] + 0.5)};
            default: {
                double rh = cropSize[0] + rng.nextDouble() * (1 - cropSize[0]);
                double rw = cropSize[1] + rng.nextDouble() * (1 - cropSize[1]);
                return new int[] {(int) (h * (float) rh + 0.5), (int) (w * (float) rw + 0.5)};
            }
        }
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        int h = s.img.height;
        int w = s.img.width;
        int[] size = cropSize(h, w, rng);
        int offH = rng.nextInt(Math.max(h - size[0], 0) + 1);
        int offW = rng.nextInt(Math.max(w - size[1], 0) + 1);
        int y2 = offH + size[0];
        int x2 = offW + size[1];
        int[] kept = new int[0];
        float[] keptBoxes = null;
        if (s.gtBboxes != null) {
            float[] b = shiftClip(s.gtBboxes, offW, offH, size);
            boolean[] valid = new boolean[b.length / 4];
            for (int i = 0; i < valid.length; i++) {
                valid[i] = b[4 * i + 2] > b[4 * i] && b[4 * i + 3] > b[4 * i + 1];
            }
            kept = CropSupport.indices(valid);
            if (kept.length == 0 && !allowNegativeCrop) {
                return null;
            }
            keptBoxes = BoxOps.select(b, kept);
        }
        float[] ignore = null;
        if (s.gtBboxesIgnore != null) {
            float[] b = shiftClip(s.gtBboxesIgnore, offW, offH, size);
            boolean[] valid = new boolean[b.length / 4];
            for (int i = 0; i < valid.length; i++) {
                valid[i] = b[4 * i + 2] > b[4 * i] && b[4 * i + 3] > b[4 * i + 1];
            }
            ignore = BoxOps.select(b, CropSupport.indices(valid));
        }
        CropSupport.applyWindow(s, offW, offH, x2, y2, kept, keptBoxes, ignore);
        if (recomputeBbox && s.gtMasks != null) {
            s.gtBboxes = s.gtMasks.boundingBoxes();
        }
        return s;
    }

    private float[] shiftClip(float[] boxes, int offW, int offH, int[] size) {
        float[] b = BoxOps.shift(boxes, -offW, -offH);
        if (bboxClipBorder) {
            BoxOps.clipInPlace(b, size[1], size[0]);
        }
        return b;
    }
}
