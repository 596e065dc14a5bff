package org.mmdet4j.evaluation.mask;

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

    /** Decodes {@code s[off, off + len)}, e.g. straight from a JSON parser's buffer. */
    public static Rle decode(char[] s, int off, int len, int h, int w) {
        // One count ends at each character without the continuation bit: size the array once.
        int ends = 0;
        for (int p = off; p < off + len; p++) {
            ends += ~(s[p] - 48) >>> 5 & 1;
        }
        int[] cnts = new int[ends];
        int m = 0;
        int p = off;
        int n = off + len;
        while (p < n) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= n) {
                    throw new IllegalArgumentException("truncated RLE string");
                }
                int c = s[p] - 48;
                if (c < 0 || c > 63) {
                    throw new IllegalArgumentException("invalid character '" + s[p]
                            + "' in RLE string at " + (p - off));
                }
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            if (m > 2) {
                x += Integer.toUnsignedLong(cnts[m - 2]);
            }
            // The C code stores (uint) x; a negative run cannot come from a valid mask.
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("RLE string decodes to an invalid run length " + x);
            }
            cnts[m++] = (int) x;
        }
        return Rle.trusted(h, w, cnts);
    }
}
