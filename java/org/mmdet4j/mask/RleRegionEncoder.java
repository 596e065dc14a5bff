package org.mmdet4j.mask;

/**
 * Encodes a mask that sits inside a larger row-major array (a row of a batch of pasted masks)
 * as a COCO RLE, without copying it out. COCO runs go column by column, which on row-major data
 * is a strided walk; the walk is limited to the mask's bounding box (found with one sequential
 * pass), since the rest is background whose runs follow from the box alone. Masks of detections
 * cover a small part of their image, so this is what keeps encoding cheap on large images.
 */
public final class RleRegionEncoder {
    private RleRegionEncoder() {
    }

    /**
     * The RLE of the {@code h x w} mask whose pixel (y, x) is
     * {@code data[offset + y * rowStride + x]} (non-zero = foreground).
     */
    public static Rle encode(byte[] data, int offset, int rowStride, int h, int w) {
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
            return java.util.Arrays.copyOf(counts, size);
        }

        private void add(long count) {
            if (size == counts.length) {
                counts = java.util.Arrays.copyOf(counts, 2 * size);
            }
            counts[size++] = Math.toIntExact(count);
        }
    }
}
