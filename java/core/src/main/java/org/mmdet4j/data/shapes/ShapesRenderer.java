package org.mmdet4j.data.shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mmdet4j.mask.PolygonRasterizer;
import org.mmdet4j.mask.RleBitmaps;

/**
 * Draws one image of the shapes dataset from its own random stream: a textured background
 * (two-colour gradient, sinusoidal stripes or checks, pixel noise) and 1 to 6 circles,
 * rectangles and triangles of varied size, aspect and colour. Objects may overlap, but at most
 * a quarter of the smaller of two boxes lies in their intersection, so no object is hidden by
 * a later one and the polygon masks (which ignore occlusion) stay close to what is visible. Everything is integer or double arithmetic on the given {@link Random}, with no
 * library drawing, so one seed always gives the same pixels.
 */
final class ShapesRenderer {
    private static final int CIRCLE_VERTICES = 32;
    private static final double MAX_OVERLAP = 0.25;

    private ShapesRenderer() {
    }

    /** Pixels as BGR bytes, with the objects drawn, for an image of the given size. */
    record Rendered(byte[] bgr, List<ShapeInstance> objects) {
    }

    static Rendered render(int width, int height, Random rng) {
        int[] r = new int[width * height];
        int[] g = new int[width * height];
        int[] b = new int[width * height];
        background(width, height, rng, r, g, b);
        int count = 1 + rng.nextInt(6);
        List<ShapeInstance> objects = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            ShapeInstance s = null;
            for (int attempt = 0; attempt < 20 && s == null; attempt++) {
                ShapeInstance cand = randomShape(width, height, rng);
                if (fits(cand, objects)) {
                    s = cand;
                }
            }
            if (s == null) {
                continue;
            }
            byte[] mask = RleBitmaps.decodeRowMajor(PolygonRasterizer.fromPolygon(s.polygon(), height, width));
            paint(mask, width, s.box(), rng, r, g, b);
            objects.add(s);
        }
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            int noise = rng.nextInt(9) - 4;
            bgr[3 * i] = clamp(b[i] + noise);
            bgr[3 * i + 1] = clamp(g[i] + noise);
            bgr[3 * i + 2] = clamp(r[i] + noise);
        }
        return new Rendered(bgr, objects);
    }

    private static byte clamp(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }

    private static void background(int w, int h, Random rng, int[] r, int[] g, int[] b) {
        int[] c0 = randomColour(rng, 40, 215);
        int[] c1 = randomColour(rng, 40, 215);
        int pattern = rng.nextInt(3);
        double period = 8 + rng.nextInt(24);
        double angle = rng.nextDouble() * Math.PI;
        double ca = Math.cos(angle);
        double sa = Math.sin(angle);
        int amp = 6 + rng.nextInt(14);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = (x * ca + y * sa) / (w * Math.abs(ca) + h * Math.abs(sa) + 1);
                t = Math.max(0, Math.min(1, Math.abs(t)));
                int tex;
                if (pattern == 0) {
                    tex = (int) Math.round(amp * Math.sin((x * ca + y * sa) * 2 * Math.PI / period));
                } else if (pattern == 1) {
                    tex = ((int) (x / period) + (int) (y / period)) % 2 == 0 ? amp : -amp;
                } else {
                    tex = 0;
                }
                int i = y * w + x;
                r[i] = (int) (c0[0] + (c1[0] - c0[0]) * t) + tex;
                g[i] = (int) (c0[1] + (c1[1] - c0[1]) * t) + tex;
                b[i] = (int) (c0[2] + (c1[2] - c0[2]) * t) + tex;
            }
        }
    }

    private static int[] randomColour(Random rng, int lo, int hi) {
        return new int[] {lo + rng.nextInt(hi - lo), lo + rng.nextInt(hi - lo), lo + rng.nextInt(hi - lo)};
    }

    /** A saturated colour, shaded from top to bottom so objects are not flat. */
    private static void paint(byte[] mask, int w, float[] box, Random rng, int[] r, int[] g, int[] b) {
        int[] c = randomColour(rng, 0, 256);
        int strongest = rng.nextInt(3);
        c[strongest] = 200 + rng.nextInt(56);
        c[(strongest + 1 + rng.nextInt(2)) % 3] = rng.nextInt(70);
        int shade = 10 + rng.nextInt(30);
        int y0 = (int) box[1];
        int y1 = (int) Math.ceil(box[3]);
        int x0 = (int) box[0];
        int x1 = (int) Math.ceil(box[2]);
        double span = Math.max(1, y1 - y0);
        for (int y = y0; y < y1; y++) {
            int d = (int) (shade * ((y - y0) / span - 0.5));
            for (int x = x0; x < x1; x++) {
                int i = y * w + x;
                if (i >= 0 && i < mask.length && mask[i] != 0) {
                    r[i] = c[0] - d;
                    g[i] = c[1] - d;
                    b[i] = c[2] - d;
                }
            }
        }
    }

    private static ShapeInstance randomShape(int w, int h, Random rng) {
        ShapeKind kind = ShapeKind.values()[rng.nextInt(3)];
        int minSide = Math.min(w, h);
        double size = minSide * (0.1 + 0.35 * rng.nextDouble());
        double[] poly;
        switch (kind) {
            case CIRCLE: {
                double rad = size / 2;
                double cx = rad + 1 + rng.nextDouble() * (w - 2 * rad - 2);
                double cy = rad + 1 + rng.nextDouble() * (h - 2 * rad - 2);
                poly = new double[2 * CIRCLE_VERTICES];
                for (int i = 0; i < CIRCLE_VERTICES; i++) {
                    double a = 2 * Math.PI * i / CIRCLE_VERTICES;
                    poly[2 * i] = round2(cx + rad * Math.cos(a));
                    poly[2 * i + 1] = round2(cy + rad * Math.sin(a));
                }
                break;
            }
            case RECTANGLE: {
                double aspect = Math.exp((rng.nextDouble() - 0.5) * Math.log(9));   // 1/3 .. 3
                double bw = Math.min(w - 2, size * Math.sqrt(aspect));
                double bh = Math.min(h - 2, size / Math.sqrt(aspect));
                double x = 1 + rng.nextDouble() * (w - bw - 2);
                double y = 1 + rng.nextDouble() * (h - bh - 2);
                double x1 = round2(x);
                double y1 = round2(y);
                double x2 = round2(x + bw);
                double y2 = round2(y + bh);
                poly = new double[] {x1, y1, x2, y1, x2, y2, x1, y2};
                break;
            }
            default: {
                double aspect = Math.exp((rng.nextDouble() - 0.5) * Math.log(4));   // 1/2 .. 2
                double bw = Math.min(w - 2, size * Math.sqrt(aspect));
                double bh = Math.min(h - 2, size / Math.sqrt(aspect));
                double x = 1 + rng.nextDouble() * (w - bw - 2);
                double y = 1 + rng.nextDouble() * (h - bh - 2);
                double apex = x + rng.nextDouble() * bw;
                poly = new double[] {round2(apex), round2(y), round2(x + bw), round2(y + bh), round2(x), round2(y + bh)};
                break;
            }
        }
        return new ShapeInstance(kind, poly, bounds(poly));
    }

    /** Coordinates are kept to 2 decimals, the precision written to the annotation files. */
    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static float[] bounds(double[] p) {
        float x1 = Float.MAX_VALUE;
        float y1 = Float.MAX_VALUE;
        float x2 = -Float.MAX_VALUE;
        float y2 = -Float.MAX_VALUE;
        for (int i = 0; i < p.length; i += 2) {
            x1 = Math.min(x1, (float) p[i]);
            x2 = Math.max(x2, (float) p[i]);
            y1 = Math.min(y1, (float) p[i + 1]);
            y2 = Math.max(y2, (float) p[i + 1]);
        }
        return new float[] {x1, y1, x2, y2};
    }

    private static boolean fits(ShapeInstance cand, List<ShapeInstance> placed) {
        for (ShapeInstance o : placed) {
            if (overlapOfSmaller(cand.box(), o.box()) > MAX_OVERLAP) {
                return false;
            }
        }
        return true;
    }

    /** Intersection area over the smaller box's area. */
    static double overlapOfSmaller(float[] a, float[] b) {
        double iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double smaller = Math.min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]));
        return smaller <= 0 ? 1 : iw * ih / smaller;
    }
}
