package org.mmdet4j.mask;

import java.util.Arrays;

/**
 * Union, intersection and IoU of {@link Rle} masks, as the COCO mask API, computed on the runs
 * without decoding them ({@link RleBitmaps} converts to and from pixels).
 */
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
        return iou(dt, dt.area(), gt, gt.area(), crowd);
    }

    /**
     * {@link #iou(Rle, Rle, boolean)} with both areas known, for a mask compared with many. Only
     * the intersection is walked: the union {@code rleIou} counts run by run is
     * {@code |dt| + |gt| - |dt & gt|}, the same integer.
     */
    public static double iou(Rle dt, long dtArea, Rle gt, long gtArea, boolean crowd) {
        if (dt.height() != gt.height() || dt.width() != gt.width()) {
            return -1;
        }
        long i = intersectionArea(dt.counts(), gt.counts());
        if (i == 0) {
            return 0; // rleIou sets the union to 1 then: 0 / 1
        }
        long u = crowd ? dtArea : dtArea + gtArea - i;
        return (double) i / (double) u;
    }

    /**
     * Pixels in both masks. Only foreground runs are visited, each as a {@code [start, end)}
     * span of pixel positions: the two sorted lists of spans are merged, advancing the one that
     * ends first, so the cost is the number of foreground runs, half the number of runs.
     */
    static long intersectionArea(int[] a, int[] b) {
        int na = a.length, nb = b.length;
        if (na < 2 || nb < 2) {
            return 0; // no foreground run
        }
        // counts[0] is background, then foreground and background alternate.
        int ia = 1, ib = 1;
        long startA = a[0], endA = startA + a[1];
        long startB = b[0], endB = startB + b[1];
        long inter = 0;
        while (true) {
            long overlap = Math.min(endA, endB) - Math.max(startA, startB);
            if (overlap > 0) {
                inter += overlap;
            }
            if (endA <= endB) {
                if (ia + 2 >= na) {
                    return inter;
                }
                startA = endA + a[ia + 1];
                endA = startA + a[ia + 2];
                ia += 2;
            } else {
                if (ib + 2 >= nb) {
                    return inter;
                }
                startB = endB + b[ib + 1];
                endB = startB + b[ib + 2];
                ib += 2;
            }
        }
    }
}
