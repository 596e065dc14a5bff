package org.mmdet4j.mask;

import java.util.Arrays;

/**
 * Polygon to RLE exactly as {@code rleFrPoly} of the COCO mask API, so that segmentation IoUs
 * match pycocotools pixel for pixel. The boundary is walked on a grid upsampled 5 times, the
 * points where it crosses pixel columns are kept, and each kept point toggles the mask state in
 * column-major order. Every rounding step of the C code ({@code (int)(v + .5)} on the upsampled
 * walk) is reproduced literally; do not "simplify" it. Its downsampling back to pixels is done
 * in exact integer arithmetic, which gives the same numbers (see {@link #toPixel}).
 */
public final class PolygonRasterizer {
    private static final double SCALE = 5;

    private PolygonRasterizer() {
    }

    /** Rasterises one polygon {@code [x0, y0, x1, y1, ...]} (an odd trailing value is ignored). */
    public static Rle fromPolygon(double[] xy, int h, int w) {
        int k = xy.length / 2;
        if (k == 0) {
            return Rle.trusted(h, w, new int[] {h * w});
        }
        int[] x = new int[k + 1];
        int[] y = new int[k + 1];
        for (int j = 0; j < k; j++) {
            x[j] = (int) (SCALE * xy[j * 2] + .5);
            y[j] = (int) (SCALE * xy[j * 2 + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        // The C code stores the whole upsampled walk, then scans consecutive points; the scan
        // here runs as the walk goes, over the same sequence of points (each edge's end point
        // is also the next edge's first, as there).
        Crossings crossings = new Crossings(h, w);
        for (int j = 0; j < k; j++) {
            int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
            int dx = Math.abs(xe - xs), dy = Math.abs(ys - ye);
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                int t = xs;
                xs = xe;
                xe = t;
                t = ys;
                ys = ye;
                ye = t;
            }
            // dx == dy == 0 gives NaN here; the point it makes is never kept (its u equals
            // both neighbours), so Java's (int) NaN == 0 and C's undefined value agree.
            double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
            if (dx >= dy) {
                for (int d = 0; d <= dx; d++) {
                    int t = flip ? dx - d : d;
                    crossings.next(t + xs, (int) (ys + s * t + .5));
                }
            } else {
                for (int d = 0; d <= dy; d++) {
                    int t = flip ? dy - d : d;
                    crossings.next((int) (xs + s * t + .5), t + ys);
                }
            }
        }
        return crossings.toRle();
    }

    /**
     * The union of polygons rasterised at one size: {@code merge(frPyObjects(polygons, h, w))},
     * the mask of a polygon annotation in pycocotools' {@code annToRLE} and in mmdetection's
     * {@code LoadAnnotations._poly2mask}. No polygon at all gives an empty mask of that size,
     * not the 0x0 mask of an empty merge, so that it still decodes to an image-sized bitmap.
     */
    public static Rle fromPolygons(double[][] polygons, int h, int w) {
        if (polygons.length == 0) {
            return Rle.trusted(h, w, new int[] {Math.multiplyExact(h, w)});
        }
        Rle[] parts = new Rle[polygons.length];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = fromPolygon(polygons[i], h, w);
        }
        return RleOps.merge(parts, false);
    }

    /**
     * The C code maps an upsampled coordinate {@code c} to pixels as {@code (c + .5) / 5 - .5}
     * in doubles: that is {@code (c - 2) / 5}, exact when {@code c - 2} is a multiple of 5 (all
     * steps are then exact in binary) and at least 0.2 from an integer otherwise, far more than
     * the rounding error. So "is an integer" is {@code c mod 5 == 2}, the integer is
     * {@code floorDiv(c, 5)}, and {@code ceil} is {@code floorDiv(c + 2, 5)}.
     */
    static long toPixel(long c) {
        return Math.floorDiv(c, 5);
    }

    /** Points of the walk where it crosses a pixel column, as (uint)(x * h + y), collected. */
    private static final class Crossings {
        private final int h;
        private final int w;
        private long[] a = new long[64];
        private int m;
        private boolean first = true;
        private int prevU;
        private int prevV;

        Crossings(int h, int w) {
            this.h = h;
            this.w = w;
        }

        /** The next point (u, v) of the upsampled walk. */
        void next(int u, int v) {
            if (first) {
                first = false;
            } else if (u != prevU) {
                keepIfOnColumn(u, v);
            }
            prevU = u;
            prevV = v;
        }

        private void keepIfOnColumn(int u, int v) {
            long xd = u < prevU ? u : (long) u - 1;
            // (xd + .5) / 5 - .5 must be an integer within [0, w - 1] (see toPixel).
            if (Math.floorMod(xd, 5) != 2) {
                return;
            }
            long px = toPixel(xd);
            if (px < 0 || px > w - 1) {
                return;
            }
            // ceil(clamp((min(v) + .5) / 5 - .5, 0, h)) == clamp(ceil(...), 0, h)
            long py = Math.floorDiv((long) Math.min(v, prevV) + 2, 5);
            py = Math.max(0, Math.min(h, py));
            add(((long) (int) px * h + (long) (int) py) & 0xffffffffL); // (uint)(x * h + y) in C
        }

        private void add(long value) {
            if (m == a.length) {
                a = Arrays.copyOf(a, m * 2);
            }
            a[m++] = value;
        }

        /** Sorted crossings as run lengths: each toggles the mask state. */
        Rle toRle() {
            add(((long) h * w) & 0xffffffffL);
            Arrays.sort(a, 0, m);
            long p = 0;
            for (int j = 0; j < m; j++) {
                long t = a[j];
                a[j] = (a[j] - p) & 0xffffffffL;
                p = t;
            }
            // Merge zero-length runs: a zero toggles twice, so its neighbours join.
            int[] b = new int[m];
            int j = 0;
            int nb = 0;
            b[nb++] = (int) a[j++];
            while (j < m) {
                if (a[j] > 0) {
                    b[nb++] = (int) a[j++];
                } else {
                    j++;
                    if (j < m) {
                        b[nb - 1] += (int) a[j++];
                    }
                }
            }
            return Rle.trusted(h, w, Arrays.copyOf(b, nb));
        }
    }

    /** A box {@code [x, y, w, h]} as the four-corner polygon of {@code rleFrBbox}. */
    public static Rle fromBox(double[] box, int h, int w) {
        double xs = box[0], xe = xs + box[2];
        double ys = box[1], ye = ys + box[3];
        return fromPolygon(new double[] {xs, ys, xs, ye, xe, ye, xe, ys}, h, w);
    }
}
