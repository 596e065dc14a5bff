package org.mmdet4j.data.faces;

/**
 * Draws a planned face: the body behind it (torso, neck, hair), then the skin ellipse with two
 * eyes, a nose and a mouth whose centres and corners are exactly the model's five landmarks, then
 * its lighting and blur. Feature sizes are fractions of the face's half-axes (close to real
 * proportions), narrowed by each feature's foreshortening under yaw.
 */
final class FacePainter {
    private FacePainter() {
    }

    /** Torso, neck and hair: drawn for every face before any face, so no body covers a face. */
    static void body(Canvas c, FacePlan p) {
        FaceModel m = p.model();
        ellipse(c, m, 0, 2.45 * m.b, 1.9 * m.a, 1.25 * m.b, p.clothes(), 0.2);
        ellipse(c, m, 0, 0.95 * m.b, 0.5 * m.a, 0.55 * m.b, Palette.scale(p.skin(), 0.8), 0.1);
        if (p.hair() != null) {
            ellipse(c, m, 0, -0.2 * m.b, 1.12 * m.a, 0.95 * m.b, p.hair(), 0.15);
        }
    }

    /**
     * The face itself; its skin pixels take {@code id} in the owner map.
     *
     * @return the skin ellipse's area in pixels (those at least half covered)
     */
    static int face(Canvas c, FacePlan p, int id, int boxHeight) {
        FaceModel m = p.model();
        int area = c.fillEllipse(m.cx, m.cy, m.a, m.b, m.cos, m.sin, p.skin(), 0.18, id);
        boolean large = 2 * m.b >= 24;
        for (int eye = 0; eye < 2; eye++) {
            double[] l = m.landmarkLocal(eye);
            double f = Math.max(0.25, m.foreshortening(FaceModel.FRONTAL[eye][0], FaceModel.FRONTAL[eye][1]));
            if (2 * m.b >= 16) {
                double[] brow = m.local(FaceModel.FRONTAL[eye][0], -0.36, 1);
                ellipse(c, m, brow[0], brow[1], 0.17 * m.a * f, 0.03 * m.b,
                        p.hair() != null ? p.hair() : Palette.scale(p.skin(), 0.55), 0);
            }
            if (large) {
                ellipse(c, m, l[0], l[1], 0.15 * m.a * f, 0.075 * m.b, Palette.SCLERA, 0.1);
                ellipse(c, m, l[0], l[1], 0.075 * m.a * f, 0.068 * m.b, p.iris(), 0);
                ellipse(c, m, l[0], l[1], 0.03 * m.a * f, 0.03 * m.b, Palette.DARK, 0);
            } else {
                ellipse(c, m, l[0], l[1], 0.11 * m.a * f, 0.06 * m.b, Palette.DARK, 0);
            }
        }
        double[] nose = m.landmarkLocal(FaceModel.NOSE);
        ellipse(c, m, nose[0], nose[1], 0.085 * m.a, 0.12 * m.b, Palette.scale(p.skin(), 0.8), 0.3);
        if (2 * m.b >= 40) {
            for (int side = -1; side <= 1; side += 2) {
                ellipse(c, m, nose[0] + side * 0.05 * m.a, nose[1] + 0.05 * m.b, 0.025 * m.a, 0.02 * m.b,
                        Palette.scale(p.skin(), 0.45), 0);
            }
        }
        double[] left = m.landmarkLocal(3);
        double[] right = m.landmarkLocal(4);
        double half = (right[0] - left[0]) / 2;
        double mid = (right[0] + left[0]) / 2;
        double thick = (p.expression() == 1 ? 0.11 : 0.045) * m.b;
        int[] lip = Palette.scale(p.skin(), 0.8, 0.5, 0.5);
        ellipse(c, m, mid, left[1], half, thick, lip, 0.1);
        if (p.expression() == 1) {
            ellipse(c, m, mid, left[1], 0.75 * half, 0.6 * thick, Palette.MOUTH_INSIDE, 0);
        }
        double dot = Math.max(0.4, 0.025 * m.b);
        int[] corner = Palette.scale(p.skin(), 0.55, 0.3, 0.3);
        ellipse(c, m, left[0], left[1], dot, dot, corner, 0);
        ellipse(c, m, right[0], right[1], dot, dot, corner, 0);
        if (p.light() != 1) {
            c.scaleInside(m.cx, m.cy, m.a, m.b, m.cos, m.sin, p.light());
        }
        c.blurInside(m.cx, m.cy, m.a * 1.08, m.b * 1.08, m.cos, m.sin, blurRadius(p.blur(), boxHeight));
        return area;
    }

    /**
     * Box-filter radius of a blur level for a face {@code height} pixels tall: heavy blur still
     * leaves the eyes and mouth as dark smudges, so a blurred face stays a face.
     */
    static int blurRadius(int level, int height) {
        return switch (level) {
            case 0 -> 0;
            case 1 -> (int) Math.max(1, Math.round(0.02 * height));
            default -> (int) Math.max(2, Math.round(0.045 * height));
        };
    }

    static void occluder(Canvas c, FacePlan.Occluder o) {
        c.fillRect(o.x1(), o.y1(), o.x2(), o.y2(), o.colour(), o.stripe(), o.period(), Canvas.OCCLUDER);
    }

    /** An ellipse at face-local {@code (u, v)} with its axes along the face's. */
    private static void ellipse(Canvas c, FaceModel m, double u, double v, double au, double av, int[] rgb,
                                double shade) {
        double[] xy = m.toImage(u, v);
        c.fillEllipse(xy[0], xy[1], au, av, m.cos, m.sin, rgb, shade, Canvas.KEEP);
    }
}
