package org.mmdet4j.data.sample;

/**
 * Scan-line polygon fill: a pixel is inside when its centre (x + 0.5, y + 0.5) is inside the
 * polygon by the even-odd rule. Vertices outside the canvas are clipped by the scan. This is
 * close to, not identical with, pycocotools' {@code frPoly}, which rounds vertices on a 5x
 * up-sampled grid; along edges the two differ by at most a pixel.
 */
public final class PolygonRaster {
    private PolygonRaster() {
    }

    /** Sets to 1 every pixel of {@code mask} (row-major, width x height) inside polygon {@code p}. */
    public static void fill(float[] p, int width, int height, byte[] mask) {
        int n = p.length / 2;
        if (n < 3) {
            return;
        }
        float minY = Float.POSITIVE_INFINITY;
        float maxY = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minY = Math.min(minY, p[2 * i + 1]);
            maxY = Math.max(maxY, p[2 * i + 1]);
        }
        int yStart = Math.max(0, (int) Math.floor(minY - 0.5f));
        int yEnd = Math.min(height - 1, (int) Math.ceil(maxY - 0.5f));
        float[] xs = new float[n];
        for (int y = yStart; y <= yEnd; y++) {
            float cy = y + 0.5f;
            int count = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                float yi = p[2 * i + 1];
                float yj = p[2 * j + 1];
                // Half-open rule on y so a vertex shared by two edges is counted once.
                if ((yi <= cy) != (yj <= cy)) {
                    float xi = p[2 * i];
                    float xj = p[2 * j];
                    xs[count++] = xi + (cy - yi) / (yj - yi) * (xj - xi);
                }
            }
            java.util.Arrays.sort(xs, 0, count);
            for (int k = 0; k + 1 < count; k += 2) {
                // Pixel x is inside when xs[k] <= x + 0.5 < xs[k + 1].
                int xa = Math.max(0, (int) Math.ceil(xs[k] - 0.5f));
                int xb = Math.min(width - 1, (int) Math.ceil(xs[k + 1] - 0.5f) - 1);
                int row = y * width;
                for (int x = xa; x <= xb; x++) {
                    mask[row + x] = 1;
                }
            }
        }
    }
}
