package org.mmdet4j.data.faces;

/**
 * The geometry of one drawn face: a skin ellipse with half-width {@code a} and half-height
 * {@code b} centred at {@code (cx, cy)}, turned in the image plane by {@code roll} (clockwise,
 * since image y points down) and about its vertical axis by {@code yaw}.
 *
 * <p>Features sit at fixed places of the frontal face (unit = {@code a} across, {@code b} down
 * from the centre), close to the ArcFace 112x112 alignment template's proportions. Yaw moves
 * them as points on the horizontal circle through the head at their height: a feature at
 * {@code u} on the circle of radius {@code r(v) = a sqrt(1 - (v/b)^2)} sits at angle
 * {@code asin(u / r)} and is seen at {@code r sin(angle + yaw)}, foreshortened by
 * {@code cos(angle + yaw)}; the nose tip stands out of the circle by {@link #NOSE_PROTRUSION}.
 * With yaw within 55 degrees every feature stays inside the skin ellipse, so every landmark lies
 * in the face's box.
 *
 * <p>Point 0 (the "left" eye) is the one at negative {@code u}: the smaller x in the upright
 * frontal face as seen in the image, the convention of RetinaFace's label files.
 */
final class FaceModel {
    /** Frontal (u / a, v / b) of the five landmarks, in RetinaFace's order. */
    static final double[][] FRONTAL = {{-0.40, -0.18}, {0.40, -0.18}, {0, 0.20}, {-0.33, 0.55}, {0.33, 0.55}};
    static final int NOSE = 2;
    static final double NOSE_PROTRUSION = 1.15;
    static final double MAX_YAW_DEGREES = 55;

    final double cx;
    final double cy;
    final double a;
    final double b;
    final double rollDegrees;
    final double yawDegrees;
    final double cos;
    final double sin;
    private final double yaw;

    FaceModel(double cx, double cy, double a, double b, double rollDegrees, double yawDegrees) {
        if (Math.abs(yawDegrees) > MAX_YAW_DEGREES) {
            throw new IllegalArgumentException("yaw beyond " + MAX_YAW_DEGREES + " degrees: " + yawDegrees);
        }
        this.cx = cx;
        this.cy = cy;
        this.a = a;
        this.b = b;
        this.rollDegrees = rollDegrees;
        this.yawDegrees = yawDegrees;
        double roll = StrictMath.toRadians(rollDegrees);
        this.cos = StrictMath.cos(roll);
        this.sin = StrictMath.sin(roll);
        this.yaw = StrictMath.toRadians(yawDegrees);
    }

    /** Half-width and half-height of the rotated skin ellipse's bounding box. */
    double[] halfExtent() {
        return new double[] {Math.sqrt(a * a * cos * cos + b * b * sin * sin),
                Math.sqrt(a * a * sin * sin + b * b * cos * cos)};
    }

    /** The tight box {@code (x1, y1, x2, y2)} of the skin ellipse. */
    double[] tightBox() {
        double[] e = halfExtent();
        return new double[] {cx - e[0], cy - e[1], cx + e[0], cy + e[1]};
    }

    /** Radius of the head's horizontal circle at local height {@code v}. */
    private double circleRadius(double v) {
        double t = v / b;
        return a * Math.sqrt(Math.max(0, 1 - t * t));
    }

    /** Local {@code (u, v)} in pixels of a feature at frontal {@code (u / a, v / b)} after yaw. */
    double[] local(double uFrac, double vFrac, double protrusion) {
        double v = vFrac * b;
        double r = circleRadius(v) * protrusion;
        double angle = StrictMath.asin(Math.max(-1, Math.min(1, uFrac * a / r)));
        return new double[] {r * StrictMath.sin(angle + yaw), v};
    }

    /** Foreshortening of a feature at frontal {@code (u / a, v / b)}: the cosine of its turned angle. */
    double foreshortening(double uFrac, double vFrac) {
        double r = circleRadius(vFrac * b);
        double angle = StrictMath.asin(Math.max(-1, Math.min(1, uFrac * a / r)));
        return StrictMath.cos(angle + yaw);
    }

    /** Local {@code (u, v)} of landmark {@code p}. */
    double[] landmarkLocal(int p) {
        return local(FRONTAL[p][0], FRONTAL[p][1], p == NOSE ? NOSE_PROTRUSION : 1);
    }

    /** Image coordinates of local {@code (u, v)}. */
    double[] toImage(double u, double v) {
        return new double[] {cx + u * cos - v * sin, cy + u * sin + v * cos};
    }

    /** The five landmarks in image coordinates, {@code x, y} per point. */
    double[] landmarks() {
        double[] out = new double[2 * Face.POINTS];
        for (int p = 0; p < Face.POINTS; p++) {
            double[] l = landmarkLocal(p);
            double[] xy = toImage(l[0], l[1]);
            out[2 * p] = xy[0];
            out[2 * p + 1] = xy[1];
        }
        return out;
    }
}
