package org.mmdet4j.mask;

import java.util.Arrays;

/**
 * {@code rleFrPoly} of the COCO mask API ported line by line, floating-point downsampling
 * included: the reference that {@link PolygonRasterizer} is checked against, and through
 * {@link #unionBitmap} the masks of the data pipeline. It shares no code with the package.
 */
public final class RleFrPolyReference {
    private static final double SCALE = 5;

    private RleFrPolyReference() {
    }

    /** Rasterises one polygon {@code [x0, y0, x1, y1, ...]} (an odd trailing value is ignored). */
    public static Rle fromPolygon(double[] xy, int h, int w) {
        int k = xy.length / 2;
        if (k == 0) {
            return new Rle(h, w, new int[] {h * w});
        }
        int[] x = new int[k + 1];
        int[] y = new int[k + 1];
        for (int j = 0; j < k; j++) {
            x[j] = (int) (SCALE * xy[j * 2] + .5);
            y[j] = (int) (SCALE * xy[j * 2 + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1L;
        }
        int[] u = new int[Math.toIntExact(total)];
        int[] v = new int[u.length];
        int m = 0;
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
            // dx == dy == 0 gives NaN here; the point it makes is never read (its u equals
            // both neighbours), so Java's (int) NaN == 0 and C's undefined value agree.
            double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
            if (dx >= dy) {
                for (int d = 0; d <= dx; d++) {
                    int t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = (int) (ys + s * t + .5);
                    m++;
                }
            } else {
                for (int d = 0; d <= dy; d++) {
                    int t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = (int) (xs + s * t + .5);
                    m++;
                }
            }
        }
        // Points on the y-boundary, downsampled back to pixel coordinates.
        int n = m;
        m = 0;
        long[] a = new long[n + 1];
        for (int j = 1; j < n; j++) {
            if (u[j] == u[j - 1]) {
                continue;
            }
            double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
            xd = (xd + .5) / SCALE - .5;
            // floor(xd) != xd, written as a cast: xd is small, and Math.floor is a slow call
            // until the JIT compiles this loop.
            if ((double) (long) xd != xd || xd < 0 || xd > w - 1) {
                continue;
            }
            double yd = Math.min(v[j], v[j - 1]);
            yd = (yd + .5) / SCALE - .5;
            if (yd < 0) {
                yd = 0;
            } else if (yd > h) {
                yd = h;
            }
            yd = Math.ceil(yd);
            // (uint)(x * h + y) in C
            a[m++] = ((long) (int) xd * h + (long) (int) yd) & 0xffffffffL;
        }
        a[m++] = ((long) h * w) & 0xffffffffL;
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
        return new Rle(h, w, Arrays.copyOf(b, nb));
    }

    /**
     * The row-major 0/1 bitmap of the union of polygons, as pycocotools'
     * {@code decode(merge(frPyObjects(polygons, h, w)))}: each polygon's runs expanded to pixels
     * and or-ed together.
     */
    public static byte[] unionBitmap(double[][] polygons, int h, int w) {
        byte[] mask = new byte[h * w];
        for (double[] p : polygons) {
            int[] counts = fromPolygon(p, h, w).counts();
            int pos = 0;
            for (int j = 0; j < counts.length; j++) {
                for (int k = 0; k < counts[j]; k++, pos++) {
                    if (j % 2 == 1) {
                        mask[(pos % h) * w + pos / h] = 1; // runs go down the columns
                    }
                }
            }
        }
        return mask;
    }
}
