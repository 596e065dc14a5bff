package org.mmdet4j.data.transforms;

import java.util.Random;
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

    /** The padded (h, w) for an image of the given size. */
    int[] target(int h, int w) {
        if (padToSquare) {
            int side = Math.max(h, w);
            return new int[] {side, side};
        }
        if (size != null) {
            return size.clone();
        }
        return new int[] {ceilTo(h, sizeDivisor), ceilTo(w, sizeDivisor)};
    }

    float padVal() {
        return padVal;
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        int[] t = target(s.img.height, s.img.width);
        s.img = ImageGeometry.pad(s.img, t[0], t[1], padVal);
        return recordPad(s);
    }

    /** Sets what {@code Pad} records besides the pixels: pad shape, size settings, padded masks. */
    Sample recordPad(Sample s) {
        int outH = s.img.height;
        int outW = s.img.width;
        s.padShape = s.img.shape();
        s.padFixedSize = padToSquare ? new int[] {outH, outW} : size;
        s.padSizeDivisor = sizeDivisor;
        if (s.gtMasks != null) {
            s.gtMasks = s.gtMasks.pad(outH, outW);
        }
        return s;
    }
}
