package org.mmdet4j.mask;

import java.util.Arrays;

/**
 * The compressed RLE string of the COCO mask API ({@code rleToString} / {@code rleFrString}):
 * like LEB128 with 5 payload bits per character and a continuation bit, characters 48..111,
 * and each count after the third stored as the difference to the count two places before.
 */
public final class RleCodec {
    private RleCodec() {
    }

    public static String encode(Rle rle) {
        int[] cnts = rle.counts();
        StringBuilder s = new StringBuilder(cnts.length * 2);
        for (int i = 0; i < cnts.length; i++) {
            long x = Integer.toUnsignedLong(cnts[i]);
            if (i > 2) {
                x -= Integer.toUnsignedLong(cnts[i - 2]);
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                s.append((char) (c + 48));
            }
        }
        return s.toString();
    }

    /** Decodes {@code counts} of a mask of {@code h x w}; throws on characters outside 48..111. */
    public static Rle decode(String counts, int h, int w) {
        return decode(counts.toCharArray(), 0, counts.length(), h, w);
    }

    /**
     * Decodes {@code s[off, off + len)}, e.g. straight from a JSON parser's buffer. One pass over
     * the characters, which also sums the runs (checked against {@code h * w} by callers) and the
     * foreground area, so neither needs another walk: a results file holds one string per
     * detection.
     */
    public static Rle decode(char[] s, int off, int len, int h, int w) {
        // At most one count per character.
        int[] cnts = new int[len];
        int m = 0;
        long total = 0;
        long area = 0;
        int p = off;
        int n = off + len;
        while (p < n) {
            int c = digit(s, p++, off);
            long x = c & 0x1f;
            int k = 1;
            while ((c & 0x20) != 0) {
                if (p >= n) {
                    throw new IllegalArgumentException("truncated RLE string");
                }
                c = digit(s, p++, off);
                x |= (long) (c & 0x1f) << (5 * k);
                k++;
            }
            if ((c & 0x10) != 0) {
                x |= -1L << (5 * k); // sign of the last group, shifted as the C code does
            }
            if (m > 2) {
                x += Integer.toUnsignedLong(cnts[m - 2]);
            }
            // The C code stores (uint) x; a negative run cannot come from a valid mask.
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw invalidRun(x);
            }
            cnts[m] = (int) x;
            total += x;
            area += (m & 1) * x;
            m++;
        }
        return Rle.trusted(h, w, m == len ? cnts : Arrays.copyOf(cnts, m), total, area);
    }

    private static IllegalArgumentException invalidRun(long x) {
        return new IllegalArgumentException("RLE string decodes to an invalid run length " + x);
    }

    /** The 6-bit value of the character at {@code p}; throws outside '0'..'o'. */
    private static int digit(char[] s, int p, int off) {
        int c = s[p] - 48;
        if ((c & ~63) != 0) {
            throw invalidCharacter(s, p, off);
        }
        return c;
    }

    // Out of line: the message's string concatenation would keep digit() from being inlined.
    private static IllegalArgumentException invalidCharacter(char[] s, int p, int off) {
        return new IllegalArgumentException("invalid character '" + s[p] + "' in RLE string at " + (p - off));
    }
}
