package org.mmdet4j.data.image;

/**
 * {@code cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)}, reproduced value for value.
 *
 * <p>OpenCV maps destination pixel centres with {@code sx = (dx + 0.5) * scale - 0.5}, clamps at
 * the borders, and for 8-bit images works in fixed point: weights are rounded to 11 bits
 * ({@code INTER_RESIZE_COEF_BITS}), the horizontal pass keeps 11 fractional bits and the vertical
 * pass shifts and rounds as in {@code VResizeLinear<uchar, int, short, ...>}. Repeating those
 * integer steps gives the same bytes as OpenCV, so boxes and pixels line up with what
 * mmdetection trains on. An exact 2x downscale takes OpenCV's INTER_AREA path (2x2 mean), as
 * {@code hal::resize} does.
 */
public final class BilinearResize {
    private static final int COEF_BITS = 11;
    private static final int COEF_SCALE = 1 << COEF_BITS;

    private BilinearResize() {
    }

    public static Image resize(Image src, int dstWidth, int dstHeight) {
        if (dstWidth <= 0 || dstHeight <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + dstWidth + "x" + dstHeight);
        }
        if (dstWidth == src.width && dstHeight == src.height) {
            return src.copy();
        }
        // hal::resize works with scale = 1 / (dsize / ssize), both in double.
        double scaleX = 1.0 / ((double) dstWidth / src.width);
        double scaleY = 1.0 / ((double) dstHeight / src.height);
        if (scaleX == 2.0 && scaleY == 2.0 && !src.isFloat()) {
            return halve(src);
        }
        Axis xs = Axis.of(src.width, dstWidth, scaleX, true);
        Axis ys = Axis.of(src.height, dstHeight, scaleY, false);
        return src.isFloat() ? resizeFloat(src, xs, ys) : resizeBytes(src, xs, ys);
    }

    /** Source index and fixed-point/float weights for each destination coordinate of one axis. */
    private static final class Axis {
        final int[] index;      // first source pixel; the second is index + 1 (clamped)
        final float[] w1;       // float weight of the second pixel (first is 1 - w1)
        final short[] a0;       // fixed-point weights, as OpenCV rounds them
        final short[] a1;

        private Axis(int n) {
            index = new int[n];
            w1 = new float[n];
            a0 = new short[n];
            a1 = new short[n];
        }

        /**
         * OpenCV clamps the column index and zeroes its weight at the borders, but for rows it
         * only clamps the row index and keeps both weights ({@code clampWeights} false).
         */
        static Axis of(int srcSize, int dstSize, double scale, boolean clampWeights) {
            Axis a = new Axis(dstSize);
            for (int d = 0; d < dstSize; d++) {
                float f = (float) ((d + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                if (clampWeights && s < 0) {
                    f = 0;
                    s = 0;
                }
                if (clampWeights && s >= srcSize - 1) {
                    f = 0;
                    s = srcSize - 1;
                }
                a.index[d] = s;
                a.w1[d] = f;
                a.a0[d] = saturateShort(Math.rint((1.f - f) * COEF_SCALE));
                a.a1[d] = saturateShort(Math.rint(f * COEF_SCALE));
            }
            return a;
        }
    }

    private static int clamp(int i, int size) {
        return i < 0 ? 0 : Math.min(i, size - 1);
    }

    private static short saturateShort(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }

    private static Image resizeBytes(Image src, Axis xs, Axis ys) {
        int cn = src.channels;
        int sw = src.width;
        int dw = xs.index.length;
        int dh = ys.index.length;
        byte[] s = src.u8();
        byte[] out = new byte[dw * dh * cn];
        int rowLen = dw * cn;
        // Per output value: byte offsets of both taps within a source row and their weights,
        // so the inner loop is a straight multiply-add (the right border's second tap has weight 0).
        int[] off0 = new int[rowLen];
        int[] off1 = new int[rowLen];
        int[] w0 = new int[rowLen];
        int[] w1 = new int[rowLen];
        for (int dx = 0; dx < dw; dx++) {
            int sx = xs.index[dx];
            boolean inside = sx + 1 < sw;
            for (int c = 0; c < cn; c++) {
                int i = dx * cn + c;
                off0[i] = sx * cn + c;
                off1[i] = inside ? off0[i] + cn : off0[i];
                w0[i] = inside ? xs.a0[dx] : COEF_SCALE;
                w1[i] = inside ? xs.a1[dx] : 0;
            }
        }
        int[] row0 = new int[rowLen];
        int[] row1 = new int[rowLen];
        int cached0 = -1;
        int cached1 = -1;
        for (int dy = 0; dy < dh; dy++) {
            // Vertical taps: OpenCV clamps the row indices but keeps the weights unchanged.
            int sy = ys.index[dy];
            int y0 = clamp(sy, src.height);
            int y1 = clamp(sy + 1, src.height);
            if (y0 != cached0) {
                if (y0 == cached1) {
                    int[] t = row0;
                    row0 = row1;
                    row1 = t;
                    cached0 = y0;
                    cached1 = -1;
                } else {
                    horizontalBytes(s, y0 * sw * cn, off0, off1, w0, w1, row0);
                    cached0 = y0;
                }
            }
            if (y1 != cached1) {
                if (y1 == cached0) {
                    System.arraycopy(row0, 0, row1, 0, rowLen);
                } else {
                    horizontalBytes(s, y1 * sw * cn, off0, off1, w0, w1, row1);
                }
                cached1 = y1;
            }
            int b0 = ys.a0[dy];
            int b1 = ys.a1[dy];
            int o = dy * rowLen;
            for (int i = 0; i < rowLen; i++) {
                int v = (((b0 * row0[i]) >> 16) + ((b1 * row1[i]) >> 16) + 2) >> 2;
                out[o + i] = (byte) Math.min(v, 255);   // saturate_cast, as OpenCV packs with saturation
            }
        }
        return Image.ofBytes(dh, dw, cn, out);
    }

    /** Horizontal pass of one source row, already shifted right by 4 as the vertical pass wants it. */
    private static void horizontalBytes(byte[] s, int rowStart, int[] off0, int[] off1, int[] w0, int[] w1,
                                        int[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = ((s[rowStart + off0[i]] & 0xFF) * w0[i] + (s[rowStart + off1[i]] & 0xFF) * w1[i]) >> 4;
        }
    }

    private static Image resizeFloat(Image src, Axis xs, Axis ys) {
        int cn = src.channels;
        int sw = src.width;
        int dw = xs.index.length;
        int dh = ys.index.length;
        float[] s = src.f32();
        float[] out = new float[dw * dh * cn];
        int rowLen = dw * cn;
        float[] row0 = new float[rowLen];
        float[] row1 = new float[rowLen];
        for (int dy = 0; dy < dh; dy++) {
            int sy = ys.index[dy];
            int y0 = clamp(sy, src.height);
            int y1 = clamp(sy + 1, src.height);
            horizontalFloats(s, y0 * sw * cn, xs, cn, sw, row0);
            horizontalFloats(s, y1 * sw * cn, xs, cn, sw, row1);
            float b1 = ys.w1[dy];
            float b0 = 1.f - b1;
            int o = dy * rowLen;
            for (int i = 0; i < rowLen; i++) {
                out[o + i] = row0[i] * b0 + row1[i] * b1;
            }
        }
        return Image.ofFloats(dh, dw, cn, out);
    }

    private static void horizontalFloats(float[] s, int rowStart, Axis xs, int cn, int sw, float[] dst) {
        int dw = xs.index.length;
        for (int dx = 0; dx < dw; dx++) {
            int sx = xs.index[dx];
            int p0 = rowStart + sx * cn;
            int o = dx * cn;
            float a1 = xs.w1[dx];
            float a0 = 1.f - a1;
            int p1 = sx + 1 < sw ? p0 + cn : p0;
            for (int c = 0; c < cn; c++) {
                dst[o + c] = s[p0 + c] * a0 + s[p1 + c] * a1;
            }
        }
    }

    /** OpenCV's INTER_AREA fast path for an exact 2x reduction: rounded mean of each 2x2 block. */
    private static Image halve(Image src) {
        int cn = src.channels;
        int dw = src.width / 2;
        int dh = src.height / 2;
        byte[] s = src.u8();
        byte[] out = new byte[dw * dh * cn];
        int stride = src.width * cn;
        for (int y = 0; y < dh; y++) {
            int r0 = 2 * y * stride;
            int r1 = r0 + stride;
            int o = y * dw * cn;
            for (int x = 0; x < dw; x++) {
                for (int c = 0; c < cn; c++) {
                    int i = 2 * x * cn + c;
                    int sum = (s[r0 + i] & 0xFF) + (s[r0 + i + cn] & 0xFF)
                            + (s[r1 + i] & 0xFF) + (s[r1 + i + cn] & 0xFF);
                    out[o + x * cn + c] = (byte) ((sum + 2) >> 2);
                }
            }
        }
        return Image.ofBytes(dh, dw, cn, out);
    }
}
