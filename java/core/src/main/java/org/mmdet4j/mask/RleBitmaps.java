package org.mmdet4j.mask;

import java.util.Arrays;

/**
 * Conversion between byte bitmaps (non-zero = foreground) and {@link Rle}, in both pixel orders:
 * column-major is the order of the runs ({@code encode}/{@code decode} of the COCO mask API),
 * row-major that of images and tensors, which the data pipeline and prediction hold.
 */
public final class RleBitmaps {
    private RleBitmaps() {
    }

    /** Encodes a column-major mask ({@code mask[x * h + y]}), as {@code mask.encode}. */
    public static Rle encodeColumnMajor(byte[] mask, int h, int w) {
        int n = checkedSize(mask, h, w);
        int[] cnts = new int[n + 1];
        int k = 0, c = 0;
        boolean p = false;
        for (int j = 0; j < n; j++) {
            boolean on = mask[j] != 0;
            if (on != p) {
                cnts[k++] = c;
                c = 0;
                p = on;
            }
            c++;
        }
        cnts[k++] = c;
        return Rle.trusted(h, w, Arrays.copyOf(cnts, k));
    }

    /** Encodes a row-major mask ({@code mask[y * w + x]}, the layout of image tensors). */
    public static Rle encodeRowMajor(byte[] mask, int h, int w) {
        checkedSize(mask, h, w);
        return encodeRowMajor(mask, 0, w, h, w);
    }

    /**
     * Encodes the {@code h x w} mask whose pixel (y, x) is {@code data[offset + y * rowStride + x]}:
     * a mask inside a larger row-major array (a row of a batch of pasted masks), read in place.
     * COCO runs go column by column, which on row-major data is a strided walk; the walk is
     * limited to the mask's bounding box (found with one sequential pass), since the rest is
     * background whose runs follow from the box alone. Masks of detections cover a small part
     * of their image, so this is what keeps encoding cheap on large images.
     */
    public static Rle encodeRowMajor(byte[] data, int offset, int rowStride, int h, int w) {
        if (h < 0 || w < 0 || w > rowStride) {
            throw new IllegalArgumentException("bad mask region " + h + "x" + w + " with row stride " + rowStride);
        }
        if (h > 0 && w > 0 && (offset < 0 || (long) offset + (long) (h - 1) * rowStride + w > data.length)) {
            throw new IllegalArgumentException("mask region " + h + "x" + w + " at " + offset + " (row stride "
                    + rowStride + ") runs past the " + data.length + " values");
        }
        int x0 = w;
        int x1 = -1;
        int y0 = h;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            int row = offset + y * rowStride;
            for (int x = 0; x < w; x++) {
                if (data[row + x] != 0) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = y;
                }
            }
        }
        if (x1 < 0) {
            return new Rle(h, w, new int[] {Math.multiplyExact(h, w)});
        }
        Runs runs = new Runs();
        runs.push(false, (long) x0 * h);  // the columns left of the box
        for (int x = x0; x <= x1; x++) {
            runs.push(false, y0);  // above the box
            for (int y = y0; y <= y1; y++) {
                runs.push(data[offset + y * rowStride + x] != 0, 1);
            }
            runs.push(false, h - 1 - y1);  // below the box
        }
        runs.push(false, (long) (w - 1 - x1) * h);  // the columns right of the box
        return new Rle(h, w, runs.finish());
    }

    /** Decodes to a column-major 0/1 mask. Throws if the runs exceed {@code h * w}. */
    public static byte[] decodeColumnMajor(Rle rle) {
        int n = Math.multiplyExact(rle.height(), rle.width());
        byte[] mask = new byte[n];
        int pos = 0;
        byte v = 0;
        for (int c : rle.counts()) {
            if ((long) pos + c > n) {
                throw exceeds(rle);
            }
            if (v != 0) {
                Arrays.fill(mask, pos, pos + c, (byte) 1);
            }
            pos += c;
            v = (byte) (1 - v);
        }
        return mask;
    }

    /**
     * Decodes to a row-major 0/1 mask ({@code mask[y * w + x]}), the layout of images, without
     * a column-major copy in between. Throws if the runs exceed {@code h * w}.
     */
    public static byte[] decodeRowMajor(Rle rle) {
        int h = rle.height();
        int w = rle.width();
        int n = Math.multiplyExact(h, w);
        byte[] mask = new byte[n];
        int[] counts = rle.counts();
        int pos = 0;
        for (int j = 0; j < counts.length; j++) {
            int c = counts[j];
            if ((long) pos + c > n) {
                throw exceeds(rle);
            }
            if ((j & 1) == 1 && c > 0) {
                // A foreground run goes down its column, then on at the top of the next one.
                int x = pos / h;
                int y = pos - x * h;
                for (int k = 0; k < c; k++) {
                    mask[y * w + x] = 1;
                    if (++y == h) {
                        y = 0;
                        x++;
                    }
                }
            }
            pos += c;
        }
        return mask;
    }

    private static int checkedSize(byte[] mask, int h, int w) {
        int n = Math.multiplyExact(h, w);
        if (mask.length != n) {
            throw new IllegalArgumentException("mask has " + mask.length + " values, expected " + n);
        }
        return n;
    }

    private static IllegalArgumentException exceeds(Rle rle) {
        return new IllegalArgumentException("RLE runs exceed the mask size " + rle.height() + "x" + rle.width());
    }

    /** Run lengths built from pixel spans; the first run is background, possibly empty. */
    private static final class Runs {
        private int[] counts = new int[16];
        private int size;
        private boolean on;
        private long run;

        void push(boolean value, long pixels) {
            if (pixels == 0) {
                return;
            }
            if (value != on) {
                add(run);
                run = 0;
                on = value;
            }
            run += pixels;
        }

        int[] finish() {
            add(run);
            return Arrays.copyOf(counts, size);
        }

        private void add(long count) {
            if (size == counts.length) {
                counts = Arrays.copyOf(counts, 2 * size);
            }
            counts[size++] = Math.toIntExact(count);
        }
    }
}
