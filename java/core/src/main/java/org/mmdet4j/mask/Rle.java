package org.mmdet4j.mask;

import java.util.Arrays;

/**
 * A binary mask of {@code h x w} pixels as run lengths in column-major (Fortran) order, the
 * layout of the COCO mask API: counts alternate background and foreground runs and always start
 * with a (possibly empty) background run, so {@code [2, 3, 1]} is {@code 0 0 1 1 1 0}.
 *
 * <p>Counts are unsigned 32-bit values in the C API; they are held in {@code int} here and
 * rejected when negative, which limits masks to 2^31 - 1 pixels.
 */
public final class Rle {
    private final int height;
    private final int width;
    private final int[] counts;
    // Sums of the runs, computed once (or given by the decoder): a mask is compared with many
    // others, and each comparison needs its area.
    private final long total;
    private final long area;

    public Rle(int height, int width, int[] counts) {
        this(height, width, counts, true);
    }

    private Rle(int height, int width, int[] counts, boolean check) {
        this(height, width, counts, check, runTotal(counts), foregroundArea(counts));
    }

    private Rle(int height, int width, int[] counts, boolean check, long total, long area) {
        if (check) {
            if (height < 0 || width < 0) {
                throw new IllegalArgumentException("negative mask size " + height + "x" + width);
            }
            for (int c : counts) {
                if (c < 0) {
                    throw new IllegalArgumentException("negative run length " + c);
                }
            }
        }
        this.height = height;
        this.width = width;
        this.counts = counts;
        this.total = total;
        this.area = area;
    }

    /** For the mask operations of this package, whose counts are non-negative by construction. */
    static Rle trusted(int height, int width, int[] counts) {
        return new Rle(height, width, counts, false);
    }

    /** As {@link #trusted(int, int, int[])} with the sums already known to the caller. */
    static Rle trusted(int height, int width, int[] counts, long total, long area) {
        return new Rle(height, width, counts, false, total, area);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The run lengths; callers must not modify the array. */
    public int[] counts() {
        return counts;
    }

    /** Number of foreground pixels (the sum of the odd runs), as {@code rleArea}. */
    public long area() {
        return area;
    }

    /** Number of pixels the runs cover: {@code height * width} for a well-formed mask. */
    public long total() {
        return total;
    }

    private static long runTotal(int[] counts) {
        long t = 0;
        for (int c : counts) {
            t += c;
        }
        return t;
    }

    private static long foregroundArea(int[] counts) {
        long a = 0;
        for (int j = 1; j < counts.length; j += 2) {
            a += counts[j];
        }
        return a;
    }

    /**
     * Tight box {@code [x, y, w, h]} around the foreground, as {@code rleToBbox} of pycocotools
     * 2.0.x: a foreground run that spans several columns widens the box to the full height.
     * An empty RLE gives {@code [0, 0, 0, 0]}.
     */
    public double[] toBbox() {
        long h = height;
        int m = (counts.length / 2) * 2;
        if (m == 0 || h == 0) {
            return new double[4];
        }
        long xs = width, ys = h, xe = 0, ye = 0, cc = 0;
        for (int j = 0; j < m; j++) {
            long start = cc;
            cc += counts[j];
            if (j % 2 == 0 || counts[j] == 0) {
                continue;
            }
            long yStart = start % h, xStart = (start - yStart) / h;
            long yEnd = (cc - 1) % h, xEnd = (cc - 1 - yEnd) / h;
            xs = Math.min(xs, xStart);
            xe = Math.max(xe, xEnd);
            if (xStart < xEnd) {
                ys = 0;
                ye = h - 1;
            } else {
                ys = Math.min(ys, yStart);
                ye = Math.max(ye, yEnd);
            }
        }
        // Unsigned arithmetic in the C code: an all-background mask wraps around the same way.
        return new double[] {xs, ys, (int) (xe - xs + 1) & 0xffffffffL, (int) (ye - ys + 1) & 0xffffffffL};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rle r && r.height == height && r.width == width
                && Arrays.equals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Rle[" + height + "x" + width + ", " + RleCodec.encode(this) + "]";
    }
}
