package org.mmdet4j.data.sample;

/**
 * Decodes COCO run-length encoded masks ({@code {"size": [h, w], "counts": ...}}). Runs
 * alternate 0 and 1 starting with 0 and walk the image column by column (Fortran order), as
 * in pycocotools' {@code maskApi.c}; counts are a list of ints or the compressed string form.
 */
public final class CocoRle {
    private CocoRle() {
    }

    /** Row-major 0/1 bitmap of an RLE with the given run lengths. */
    public static byte[] decode(long[] counts, int height, int width) {
        byte[] mask = new byte[height * width];
        long pos = 0;
        long total = (long) height * width;
        byte value = 0;
        for (long run : counts) {
            if (run < 0 || pos + run > total) {
                throw new IllegalArgumentException("RLE runs exceed the " + height + "x" + width + " frame");
            }
            if (value == 1) {
                for (long k = pos; k < pos + run; k++) {
                    int col = (int) (k / height);
                    int row = (int) (k % height);
                    mask[row * width + col] = 1;
                }
            }
            pos += run;
            value ^= 1;
        }
        return mask;
    }

    /** Run lengths of the compressed string form ({@code rleFrString} in maskApi.c). */
    public static long[] parseCompressed(String s) {
        long[] counts = new long[s.length()];
        int m = 0;
        int p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) {
                    throw new IllegalArgumentException("compressed RLE string ends inside a number");
                }
                long c = s.charAt(p) - 48;
                x |= (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            if (m > 2) {
                x += counts[m - 2];
            }
            counts[m++] = x;
        }
        return java.util.Arrays.copyOf(counts, m);
    }
}
