package org.mmdet4j.evaluation.mask;

import java.util.Arrays;

/** Union, intersection, IoU, encoding and decoding of {@link Rle} masks, as the COCO mask API. */
public final class RleOps {
    private RleOps() {
    }

    /**
     * Union (or intersection) of masks of one size, as {@code rleMerge}. Masks of different
     * sizes give an empty 0x0 mask, like the C code.
     */
    public static Rle merge(Rle[] rles, boolean intersect) {
        if (rles.length == 0) {
            return Rle.trusted(0, 0, new int[0]);
        }
        if (rles.length == 1) {
            return rles[0];
        }
        int h = rles[0].height(), w = rles[0].width();
        int[] cur = rles[0].counts();
        for (int i = 1; i < rles.length; i++) {
            Rle b = rles[i];
            if (b.height() != h || b.width() != w) {
                return Rle.trusted(0, 0, new int[0]);
            }
            cur = mergeTwo(cur, b.counts(), intersect);
        }
        return Rle.trusted(h, w, cur);
    }

    private static int[] mergeTwo(int[] ac, int[] bc, boolean intersect) {
        int[] out = new int[ac.length + bc.length + 1];
        int m = 0;
        long ca = ac.length > 0 ? ac[0] : 0;
        long cb = bc.length > 0 ? bc[0] : 0;
        boolean v = false, va = false, vb = false;
        int a = 1, b = 1;
        long cc = 0;
        long ct = 1;
        while (ct > 0) {
            long c = Math.min(ca, cb);
            cc += c;
            ct = 0;
            ca -= c;
            if (ca == 0 && a < ac.length) {
                ca = ac[a++];
                va = !va;
            }
            ct += ca;
            cb -= c;
            if (cb == 0 && b < bc.length) {
                cb = bc[b++];
                vb = !vb;
            }
            ct += cb;
            boolean vp = v;
            v = intersect ? va && vb : va || vb;
            if (v != vp || ct == 0) {
                out[m++] = (int) cc;
                cc = 0;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /**
     * IoU of two masks, as the inner loop of {@code rleIou}: for a crowd ground truth the union
     * is the detection's area (the detection may cover any part of the crowd). Masks of different
     * sizes give -1 like the C code (callers gate on box overlap first, as it does).
     */
    public static double iou(Rle dt, Rle gt, boolean crowd) {
        if (dt.height() != gt.height() || dt.width() != gt.width()) {
            return -1;
        }
        int[] dc = dt.counts(), gc = gt.counts();
        long ca = dc.length > 0 ? dc[0] : 0, cb = gc.length > 0 ? gc[0] : 0;
        int ka = dc.length, kb = gc.length, a = 1, b = 1;
        boolean va = false, vb = false;
        long i = 0, u = 0, ct = 1;
        while (ct > 0) {
            long c = Math.min(ca, cb);
            if (va || vb) {
                u += c;
                if (va && vb) {
                    i += c;
                }
            }
            ct = 0;
            ca -= c;
            if (ca == 0 && a < ka) {
                ca = dc[a++];
                va = !va;
            }
            ct += ca;
            cb -= c;
            if (cb == 0 && b < kb) {
                cb = gc[b++];
                vb = !vb;
            }
            ct += cb;
        }
        if (i == 0) {
            u = 1;
        } else if (crowd) {
            u = dt.area();
        }
        return (double) i / (double) u;
    }

    /** Encodes a column-major mask ({@code mask[x * h + y]}, non-zero = foreground). */
    public static Rle encodeColumnMajor(byte[] mask, int h, int w) {
        return encode(mask, h, w, true);
    }

    /** Encodes a row-major mask ({@code mask[y * w + x]}, the layout of image tensors). */
    public static Rle encodeRowMajor(byte[] mask, int h, int w) {
        return encode(mask, h, w, false);
    }

    private static Rle encode(byte[] mask, int h, int w, boolean columnMajor) {
        int n = Math.multiplyExact(h, w);
        if (mask.length != n) {
            throw new IllegalArgumentException("mask has " + mask.length + " values, expected " + n);
        }
        int[] cnts = new int[n + 1];
        int k = 0, c = 0;
        boolean p = false;
        for (int j = 0; j < n; j++) {
            int idx = columnMajor ? j : (j % h) * w + j / h;
            boolean on = mask[idx] != 0;
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

    /** Decodes to a column-major 0/1 mask. Throws if the runs do not add up to {@code h * w}. */
    public static byte[] decodeColumnMajor(Rle rle) {
        int n = Math.multiplyExact(rle.height(), rle.width());
        byte[] mask = new byte[n];
        int pos = 0;
        byte v = 0;
        for (int c : rle.counts()) {
            if ((long) pos + c > n) {
                throw new IllegalArgumentException("RLE runs exceed the mask size " + rle.height()
                        + "x" + rle.width());
            }
            if (v != 0) {
                Arrays.fill(mask, pos, pos + c, (byte) 1);
            }
            pos += c;
            v = (byte) (1 - v);
        }
        return mask;
    }
}
