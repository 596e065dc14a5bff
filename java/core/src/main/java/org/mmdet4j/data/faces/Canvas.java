package org.mmdet4j.data.faces;

/**
 * The RGB float canvas a faces image is drawn on, with the few antialiased primitives it needs,
 * and an owner map: for each pixel, which face's skin is on top ({@code >= 0}), an occluder
 * ({@link #OCCLUDER}) or neither ({@link #NOBODY}). The generator reads the occlusion of each
 * face and landmark from the owner map after everything is drawn.
 */
final class Canvas {
    static final int NOBODY = -1;
    static final int OCCLUDER = -2;
    /** Owner argument of a fill that leaves the owner map as it is (backgrounds, bodies, features). */
    static final int KEEP = Integer.MIN_VALUE;

    final int width;
    final int height;
    final float[] r;
    final float[] g;
    final float[] b;
    final int[] owner;

    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.r = new float[width * height];
        this.g = new float[width * height];
        this.b = new float[width * height];
        this.owner = new int[width * height];
        java.util.Arrays.fill(owner, NOBODY);
    }

    void set(int i, double red, double green, double blue) {
        r[i] = (float) red;
        g[i] = (float) green;
        b[i] = (float) blue;
    }

    private void blend(int i, double red, double green, double blue, double alpha) {
        r[i] += (float) ((red - r[i]) * alpha);
        g[i] += (float) ((green - g[i]) * alpha);
        b[i] += (float) ((blue - b[i]) * alpha);
    }

    /**
     * Fills an ellipse centred at {@code (cx, cy)} with semi-axes {@code ax} along
     * {@code (cos, sin)} and {@code ay} across it. The colour darkens towards the rim by
     * {@code shade} (0: flat), which gives drawn faces and blobs some relief; edge pixels are
     * blended by their approximate coverage. Pixels at least half covered take {@code owner}
     * unless it is {@link #KEEP}.
     *
     * @return the number of pixels at least half covered
     */
    int fillEllipse(double cx, double cy, double ax, double ay, double cos, double sin, int[] rgb, double shade,
                    int owner) {
        if (ax <= 0 || ay <= 0) {
            return 0;
        }
        double ex = Math.sqrt(ax * ax * cos * cos + ay * ay * sin * sin) + 1;
        double ey = Math.sqrt(ax * ax * sin * sin + ay * ay * cos * cos) + 1;
        int x0 = Math.max(0, (int) Math.floor(cx - ex));
        int x1 = Math.min(width - 1, (int) Math.ceil(cx + ex));
        int y0 = Math.max(0, (int) Math.floor(cy - ey));
        int y1 = Math.min(height - 1, (int) Math.ceil(cy + ey));
        int covered = 0;
        for (int y = y0; y <= y1; y++) {
            double dy = y + 0.5 - cy;
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx;
                double u = dx * cos + dy * sin;
                double v = -dx * sin + dy * cos;
                double q = (u / ax) * (u / ax) + (v / ay) * (v / ay);
                double cover = coverage(u, v, q);
                if (cover <= 0) {
                    continue;
                }
                double k = 1 - shade * Math.min(1, q);
                int i = y * width + x;
                blend(i, rgb[0] * k, rgb[1] * k, rgb[2] * k, cover);
                if (cover >= 0.5) {
                    covered++;
                    if (owner != KEEP) {
                        this.owner[i] = owner;
                    }
                }
            }
        }
        return covered;
    }

    /**
     * Share of the pixel at local {@code (u, v)} inside the ellipse: its distance to the rim
     * along the ray from the centre, {@code (1 - s) |(u, v)| / s} with {@code s = sqrt(q)}, plus a
     * half pixel, clamped to [0, 1].
     */
    private static double coverage(double u, double v, double q) {
        if (q >= 4) {
            return 0;
        }
        double s = Math.sqrt(q);
        if (s < 1e-9) {
            return 1;
        }
        double d = (1 - s) * Math.sqrt(u * u + v * v) / s;
        return Math.max(0, Math.min(1, d + 0.5));
    }

    /**
     * Fills the pixels whose centres lie in {@code [x1, x2) x [y1, y2)} with {@code rgb}, striped
     * with {@code stripe} every {@code period} pixels along x + y (no stripes when period is 0).
     */
    void fillRect(double x1, double y1, double x2, double y2, int[] rgb, int[] stripe, int period, int owner) {
        int xa = Math.max(0, (int) Math.ceil(x1 - 0.5));
        int xb = Math.min(width, (int) Math.ceil(x2 - 0.5));
        int ya = Math.max(0, (int) Math.ceil(y1 - 0.5));
        int yb = Math.min(height, (int) Math.ceil(y2 - 0.5));
        for (int y = ya; y < yb; y++) {
            for (int x = xa; x < xb; x++) {
                int[] c = period > 0 && ((x + y) / period) % 2 == 1 ? stripe : rgb;
                int i = y * width + x;
                set(i, c[0], c[1], c[2]);
                if (owner != KEEP) {
                    this.owner[i] = owner;
                }
            }
        }
    }

    /** Scales the colour of every pixel at least half inside the ellipse by {@code factor}. */
    void scaleInside(double cx, double cy, double ax, double ay, double cos, double sin, double factor) {
        forEachInside(cx, cy, ax, ay, cos, sin, (i, cover) -> {
            double k = 1 + (factor - 1) * cover;
            set(i, r[i] * k, g[i] * k, b[i] * k);
        });
    }

    /**
     * Blurs the ellipse's pixels: two passes of a {@code (2 radius + 1)}-wide box filter over its
     * bounding region (close to a Gaussian), blended in by each pixel's coverage so the
     * surroundings stay sharp.
     */
    void blurInside(double cx, double cy, double ax, double ay, double cos, double sin, int radius) {
        if (radius <= 0) {
            return;
        }
        double ex = Math.sqrt(ax * ax * cos * cos + ay * ay * sin * sin) + 2 * radius + 1;
        double ey = Math.sqrt(ax * ax * sin * sin + ay * ay * cos * cos) + 2 * radius + 1;
        int x0 = Math.max(0, (int) Math.floor(cx - ex));
        int x1 = Math.min(width - 1, (int) Math.ceil(cx + ex));
        int y0 = Math.max(0, (int) Math.floor(cy - ey));
        int y1 = Math.min(height - 1, (int) Math.ceil(cy + ey));
        int w = x1 - x0 + 1;
        int h = y1 - y0 + 1;
        float[][] blurred = new float[3][];
        float[][] channels = {r, g, b};
        for (int c = 0; c < 3; c++) {
            float[] region = new float[w * h];
            for (int y = 0; y < h; y++) {
                System.arraycopy(channels[c], (y0 + y) * width + x0, region, y * w, w);
            }
            for (int pass = 0; pass < 2; pass++) {
                region = boxPass(region, w, h, radius, true);
                region = boxPass(region, w, h, radius, false);
            }
            blurred[c] = region;
        }
        forEachInside(cx, cy, ax, ay, cos, sin, (i, cover) -> {
            int k = (i / width - y0) * w + (i % width - x0);
            blend(i, blurred[0][k], blurred[1][k], blurred[2][k], cover);
        });
    }

    /** One box-filter pass along rows or columns, edges clamped. */
    private static float[] boxPass(float[] src, int w, int h, int radius, boolean rows) {
        float[] out = new float[src.length];
        int lines = rows ? h : w;
        int len = rows ? w : h;
        int step = rows ? 1 : w;
        for (int l = 0; l < lines; l++) {
            int base = rows ? l * w : l;
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += src[base + Math.max(0, Math.min(len - 1, k)) * step];
            }
            for (int k = 0; k < len; k++) {
                out[base + k * step] = (float) (sum / (2 * radius + 1));
                sum += src[base + Math.min(len - 1, k + radius + 1) * step]
                        - src[base + Math.max(0, k - radius) * step];
            }
        }
        return out;
    }

    private interface PixelOp {
        void apply(int index, double coverage);
    }

    private void forEachInside(double cx, double cy, double ax, double ay, double cos, double sin, PixelOp op) {
        double ex = Math.sqrt(ax * ax * cos * cos + ay * ay * sin * sin) + 1;
        double ey = Math.sqrt(ax * ax * sin * sin + ay * ay * cos * cos) + 1;
        int x0 = Math.max(0, (int) Math.floor(cx - ex));
        int x1 = Math.min(width - 1, (int) Math.ceil(cx + ex));
        int y0 = Math.max(0, (int) Math.floor(cy - ey));
        int y1 = Math.min(height - 1, (int) Math.ceil(cy + ey));
        for (int y = y0; y <= y1; y++) {
            double dy = y + 0.5 - cy;
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx;
                double u = dx * cos + dy * sin;
                double v = -dx * sin + dy * cos;
                double cover = coverage(u, v, (u / ax) * (u / ax) + (v / ay) * (v / ay));
                if (cover > 0) {
                    op.apply(y * width + x, cover);
                }
            }
        }
    }

    /** The owner of the pixel holding {@code (x, y)}, clamped to the canvas. */
    int ownerAt(double x, double y) {
        int px = Math.max(0, Math.min(width - 1, (int) Math.floor(x)));
        int py = Math.max(0, Math.min(height - 1, (int) Math.floor(y)));
        return owner[py * width + px];
    }

    /** Pixels owned by {@code id} within {@code [x0, x1) x [y0, y1)}. */
    int countOwned(int id, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(height, y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(width, x1); x++) {
                n += owner[y * width + x] == id ? 1 : 0;
            }
        }
        return n;
    }

    /** The canvas as BGR bytes, with {@code noise[i]} added to every channel of pixel i. */
    byte[] toBgr(int[] noise) {
        byte[] out = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            out[3 * i] = clamp(b[i] + noise[i]);
            out[3 * i + 1] = clamp(g[i] + noise[i]);
            out[3 * i + 2] = clamp(r[i] + noise[i]);
        }
        return out;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
}
