package org.mmdet4j.data.faces;

import java.util.Random;

/**
 * The cluttered scene behind the faces: a two-colour gradient with stripes or checks, then
 * distractors, so that a detector cannot take every blob for a face: plain skin-coloured ellipses
 * (face-like in colour and shape but without eyes, nose and mouth), coloured ellipses with one or
 * two dark dots, rectangles and thick bars.
 */
final class Background {
    private Background() {
    }

    static void paint(Canvas c, Random rng) {
        gradient(c, rng);
        int count = 4 + rng.nextInt(12);
        for (int k = 0; k < count; k++) {
            distractor(c, rng);
        }
    }

    private static void gradient(Canvas c, Random rng) {
        int[] c0 = Palette.random(rng, 30, 225);
        int[] c1 = Palette.random(rng, 30, 225);
        int pattern = rng.nextInt(3);
        double period = 6 + rng.nextInt(26);
        double angle = rng.nextDouble() * Math.PI;
        double ca = StrictMath.cos(angle);
        double sa = StrictMath.sin(angle);
        int amp = 5 + rng.nextInt(16);
        // sin(kx x + ky y) = sin(kx x) cos(ky y) + cos(kx x) sin(ky y): two tables instead of a sine per pixel.
        double k = 2 * Math.PI / period;
        double[] sx = new double[c.width];
        double[] cxs = new double[c.width];
        double[] sy = new double[c.height];
        double[] cys = new double[c.height];
        for (int x = 0; x < c.width; x++) {
            sx[x] = StrictMath.sin(k * ca * x);
            cxs[x] = StrictMath.cos(k * ca * x);
        }
        for (int y = 0; y < c.height; y++) {
            sy[y] = StrictMath.sin(k * sa * y);
            cys[y] = StrictMath.cos(k * sa * y);
        }
        double span = c.width * Math.abs(ca) + c.height * Math.abs(sa) + 1;
        for (int y = 0; y < c.height; y++) {
            for (int x = 0; x < c.width; x++) {
                double t = Math.max(0, Math.min(1, Math.abs((x * ca + y * sa) / span)));
                double tex = switch (pattern) {
                    case 0 -> amp * (sx[x] * cys[y] + cxs[x] * sy[y]);
                    case 1 -> ((int) (x / period) + (int) (y / period)) % 2 == 0 ? amp : -amp;
                    default -> 0;
                };
                c.set(y * c.width + x, c0[0] + (c1[0] - c0[0]) * t + tex, c0[1] + (c1[1] - c0[1]) * t + tex,
                        c0[2] + (c1[2] - c0[2]) * t + tex);
            }
        }
    }

    private static void distractor(Canvas c, Random rng) {
        int minSide = Math.min(c.width, c.height);
        double size = 8 + rng.nextDouble() * 0.4 * minSide;
        double cx = rng.nextDouble() * c.width;
        double cy = rng.nextDouble() * c.height;
        double angle = rng.nextDouble() * Math.PI;
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        int kind = rng.nextInt(10);
        if (kind < 3) {
            // A face-shaped, face-coloured blob without features.
            double ay = size / 2;
            double ax = ay / (1.1 + 0.4 * rng.nextDouble());
            c.fillEllipse(cx, cy, ax, ay, cos, sin, Palette.skin(rng), 0.25, Canvas.KEEP);
        } else if (kind < 5) {
            double ax = size / 2;
            double ay = ax * (0.5 + rng.nextDouble());
            c.fillEllipse(cx, cy, ax, ay, cos, sin, Palette.random(rng, 0, 256), 0.2, Canvas.KEEP);
            int dots = 1 + rng.nextInt(2);
            for (int d = 0; d < dots; d++) {
                double off = (d - (dots - 1) / 2.0) * ax * 0.6;
                c.fillEllipse(cx + off * cos, cy + off * sin, ax * 0.12, ax * 0.12, 1, 0, Palette.DARK, 0,
                        Canvas.KEEP);
            }
        } else if (kind < 8) {
            double w = size * (0.4 + rng.nextDouble());
            double h = size * (0.4 + rng.nextDouble());
            int period = rng.nextBoolean() ? 0 : 3 + rng.nextInt(8);
            c.fillRect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, Palette.random(rng, 0, 256),
                    Palette.random(rng, 0, 256), period, Canvas.KEEP);
        } else {
            double len = size * (1 + rng.nextDouble());
            double thick = 2 + rng.nextDouble() * size * 0.15;
            c.fillEllipse(cx, cy, len / 2, thick / 2, cos, sin, Palette.random(rng, 0, 256), 0, Canvas.KEEP);
        }
    }
}
