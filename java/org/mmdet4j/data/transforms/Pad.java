package org.mmdet4j.data.transforms;

import java.util.Random;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection's {@code Pad}: pads the image at the bottom and right to a fixed (h, w)
 * {@code size}, to the next multiple of {@code sizeDivisor}, or to a square of its longer side.
 * Masks are padded to the same shape; boxes and {@code img_shape} do not change, only
 * {@code pad_shape}.
 */
public final class Pad implements Transform {
    private final int[] size;
    private final Integer sizeDivisor;
    private final boolean padToSquare;
    private final float padVal;

    public Pad(int[] size, Integer sizeDivisor, boolean padToSquare, float padVal) {
        if (padToSquare) {
            if (size != null || sizeDivisor != null) {
                throw new IllegalArgumentException("Pad: size and size_divisor must be None when pad_to_square is True");
            }
        } else if ((size == null) == (sizeDivisor == null)) {
            throw new IllegalArgumentException("Pad needs exactly one of size and size_divisor");
        }
        if (sizeDivisor != null && sizeDivisor <= 0) {
            throw new IllegalArgumentException("size_divisor must be positive, got " + sizeDivisor);
        }
        this.size = size == null ? null : size.clone();
        this.sizeDivisor = sizeDivisor;
        this.padToSquare = padToSquare;
        this.padVal = padVal;
    }

    public static Pad toMultipleOf(int divisor) {
        return new Pad(null, divisor, false, 0f);
    }

    public static int ceilTo(int v, int divisor) {
        return (v + divisor - 1) / divisor * divisor;
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        Image img = s.img;
        int outH;
        int outW;
        if (padToSquare) {
            outH = outW = Math.max(img.height, img.width);
        } else if (size != null) {
            outH = size[0];
            outW = size[1];
        } else {
            outH = ceilTo(img.height, sizeDivisor);
            outW = ceilTo(img.width, sizeDivisor);
        }
        s.img = ImageGeometry.pad(img, outH, outW, padVal);
        s.padShape = s.img.shape();
        s.padFixedSize = padToSquare ? new int[] {outH, outW} : size;
        s.padSizeDivisor = sizeDivisor;
        if (s.gtMasks != null) {
            s.gtMasks = s.gtMasks.pad(outH, outW);
        }
        return s;
    }
}
