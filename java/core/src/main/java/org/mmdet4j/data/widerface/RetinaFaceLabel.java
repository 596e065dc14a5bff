package org.mmdet4j.data.widerface;

import java.util.Arrays;

/**
 * One face line of a RetinaFace {@code label.txt}: the box {@code (x, y, w, h)} in pixels, then
 * either nothing (the box-only lines of the released validation file) or the five landmarks as
 * {@code (x, y, flag)} triples followed by a score.
 *
 * <p>The landmarks are in RetinaFace's order: left eye, right eye, nose tip, left mouth corner,
 * right mouth corner, "left" being the smaller x in an upright frontal face as seen in the image
 * (so a horizontal flip swaps points 0/1 and 3/4). A point's flag is 0 when it is visible and 1
 * when it is annotated but occluded; a point the annotation does not give is {@code -1 -1 -1}
 * (the authors' files write all five so for faces without landmarks, e.g. tiny ones). The
 * trailing score is the authors' per-face quality value in [0, 1] (insightface reads it as
 * {@code blur}; -1 where they had none); the PyTorch loaders ignore it.
 *
 * @param landmarks {@link #VALUES} values, or null for a box-only line
 * @param score     the trailing value; -1 for a box-only line
 */
public record RetinaFaceLabel(double x, double y, double w, double h, double[] landmarks, double score) {
    public static final int POINTS = 5;
    /** Values of the landmark part of a line: (x, y, flag) per point. */
    public static final int VALUES = 3 * POINTS;
    /** Flag of a landmark that is annotated and visible. */
    public static final double VISIBLE = 0;
    /** Flag of a landmark that is annotated but occluded. */
    public static final double OCCLUDED = 1;
    /** Coordinates and flag of a landmark the annotation does not give. */
    public static final double MISSING = -1;

    public RetinaFaceLabel {
        if (landmarks != null && landmarks.length != VALUES) {
            throw new IllegalArgumentException("landmarks must be " + VALUES + " values (x, y, flag) x " + POINTS
                    + ", got " + landmarks.length);
        }
        landmarks = landmarks == null ? null : landmarks.clone();
    }

    /** A box-only line, as in the released {@code val/label.txt}. */
    public static RetinaFaceLabel boxOnly(double x, double y, double w, double h) {
        return new RetinaFaceLabel(x, y, w, h, null, -1);
    }

    /** A full line whose five landmarks are all missing ({@code -1 -1 -1} each). */
    public static RetinaFaceLabel withoutLandmarks(double x, double y, double w, double h, double score) {
        double[] lm = new double[VALUES];
        Arrays.fill(lm, MISSING);
        return new RetinaFaceLabel(x, y, w, h, lm, score);
    }

    @Override
    public double[] landmarks() {
        return landmarks == null ? null : landmarks.clone();
    }

    /** Whether the line carries the landmark part at all (20 values rather than 4). */
    public boolean hasLandmarkPart() {
        return landmarks != null;
    }

    /** Whether point {@code p} is given, visible or occluded (not {@code -1 -1 -1}). */
    public boolean given(int p) {
        return landmarks != null && !(landmarks[3 * p] == MISSING && landmarks[3 * p + 1] == MISSING);
    }

    /** Whether any of the five points is given. */
    public boolean hasLandmarks() {
        for (int p = 0; p < POINTS; p++) {
            if (given(p)) {
                return true;
            }
        }
        return false;
    }

    public double pointX(int p) {
        return landmarks[3 * p];
    }

    public double pointY(int p) {
        return landmarks[3 * p + 1];
    }

    public double flag(int p) {
        return landmarks[3 * p + 2];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetinaFaceLabel l && Double.compare(l.x, x) == 0 && Double.compare(l.y, y) == 0
                && Double.compare(l.w, w) == 0 && Double.compare(l.h, h) == 0 && Arrays.equals(l.landmarks, landmarks)
                && Double.compare(l.score, score) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(new double[] {x, y, w, h, score}) + Arrays.hashCode(landmarks);
    }

    @Override
    public String toString() {
        return "RetinaFaceLabel[" + x + ", " + y + ", " + w + ", " + h + ", landmarks=" + Arrays.toString(landmarks)
                + ", score=" + score + "]";
    }
}
