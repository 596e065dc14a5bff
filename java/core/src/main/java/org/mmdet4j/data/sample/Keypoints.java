package org.mmdet4j.data.sample;

import java.util.Arrays;

/**
 * The landmarks of a set of instances: {@code pointsPerInstance} points each, stored as
 * {@code (x, y, visible)} triples in pixels, instance after instance. {@code visible} is 1 for
 * a point the annotation gives and 0 for one it does not (RetinaFace's label files write -1
 * coordinates for faces without landmarks); coordinates of invisible points are meaningless.
 * {@code flipPairs} name the points a mirror image exchanges (a face's left and right eye), so
 * that a flipped left eye is still called the left eye. Immutable: transforms make new instances.
 */
public final class Keypoints {
    public static final int VALUES_PER_POINT = 3;

    /** RetinaFace's five face landmarks: left eye, right eye, nose, left and right mouth corner. */
    public static final int FACE_POINTS = 5;
    private static final int[][] FACE_FLIP_PAIRS = {{0, 1}, {3, 4}};

    private final float[] values;
    private final int pointsPerInstance;
    private final int[][] flipPairs;

    /** Points that no flip exchanges. */
    public Keypoints(float[] values, int pointsPerInstance) {
        this(values, pointsPerInstance, new int[0][]);
    }

    /** The five landmarks of each face, in RetinaFace's order, with its left/right pairs. */
    public static Keypoints faceLandmarks(float[] values) {
        return new Keypoints(values, FACE_POINTS, FACE_FLIP_PAIRS);
    }

    public Keypoints(float[] values, int pointsPerInstance, int[][] flipPairs) {
        if (pointsPerInstance <= 0) {
            throw new IllegalArgumentException("pointsPerInstance must be positive, got " + pointsPerInstance);
        }
        if (values.length % (pointsPerInstance * VALUES_PER_POINT) != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole instances of "
                    + pointsPerInstance + " (x, y, visible) points");
        }
        for (int[] pair : flipPairs) {
            if (pair.length != 2 || pair[0] < 0 || pair[1] < 0 || pair[0] >= pointsPerInstance
                    || pair[1] >= pointsPerInstance) {
                throw new IllegalArgumentException("flip pair " + Arrays.toString(pair) + " is not two of the "
                        + pointsPerInstance + " points");
            }
        }
        this.values = values.clone();
        this.pointsPerInstance = pointsPerInstance;
        this.flipPairs = flipPairs.clone();
    }

    /** The same points and pairs with other values. */
    private Keypoints with(float[] newValues) {
        return new Keypoints(newValues, pointsPerInstance, flipPairs);
    }

    /** Number of instances. */
    public int count() {
        return values.length / (pointsPerInstance * VALUES_PER_POINT);
    }

    public int pointsPerInstance() {
        return pointsPerInstance;
    }

    /** A copy of the values, {@code count() * pointsPerInstance() * 3} floats. */
    public float[] values() {
        return values.clone();
    }

    public float x(int instance, int point) {
        return values[offset(instance, point)];
    }

    public float y(int instance, int point) {
        return values[offset(instance, point) + 1];
    }

    public boolean visible(int instance, int point) {
        return values[offset(instance, point) + 2] > 0;
    }

    /** Whether any point of the instance is given. */
    public boolean hasAny(int instance) {
        for (int p = 0; p < pointsPerInstance; p++) {
            if (visible(instance, p)) {
                return true;
            }
        }
        return false;
    }

    /** The instances at {@code keep}, in that order. */
    public Keypoints select(int[] keep) {
        int stride = pointsPerInstance * VALUES_PER_POINT;
        float[] out = new float[keep.length * stride];
        for (int i = 0; i < keep.length; i++) {
            System.arraycopy(values, keep[i] * stride, out, i * stride, stride);
        }
        return with(out);
    }

    /**
     * Every visible point mapped by {@code x' = x * sx + dx}, {@code y' = y * sy + dy}. A point
     * that leaves the image stays visible (RetinaFace keeps landmarks that leave a crop: their
     * loss still teaches the geometry).
     */
    public Keypoints affine(double sx, double dx, double sy, double dy) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i += VALUES_PER_POINT) {
            if (out[i + 2] > 0) {
                out[i] = (float) (out[i] * sx + dx);
                out[i + 1] = (float) (out[i + 1] * sy + dy);
            }
        }
        return with(out);
    }

    /** Every visible point clamped into {@code [0, width] x [0, height]} (RetinaFace's crop). */
    public Keypoints clamp(double width, double height) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i += VALUES_PER_POINT) {
            if (out[i + 2] > 0) {
                out[i] = (float) Math.min(Math.max(out[i], 0), width);
                out[i + 1] = (float) Math.min(Math.max(out[i + 1], 0), height);
            }
        }
        return with(out);
    }

    /**
     * The points after mmdetection's flip of an image of {@code width} x {@code height}: mirrored
     * in x ({@code x' = width - x}, as the boxes' v2 flip) and/or in y. A mirror image (one axis
     * flipped) exchanges the points of each flip pair, so a left eye stays a left eye; flipping
     * both axes is a rotation and exchanges nothing.
     */
    public Keypoints flip(FlipDirection direction, double width, double height) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i += VALUES_PER_POINT) {
            if (out[i + 2] > 0) {
                if (direction.flipsX()) {
                    out[i] = (float) (width - out[i]);
                }
                if (direction.flipsY()) {
                    out[i + 1] = (float) (height - out[i + 1]);
                }
            }
        }
        if (direction.flipsX() != direction.flipsY()) {
            int stride = pointsPerInstance * VALUES_PER_POINT;
            for (int inst = 0; inst < count(); inst++) {
                for (int[] pair : flipPairs) {
                    int a = inst * stride + pair[0] * VALUES_PER_POINT;
                    int b = inst * stride + pair[1] * VALUES_PER_POINT;
                    for (int k = 0; k < VALUES_PER_POINT; k++) {
                        float t = out[a + k];
                        out[a + k] = out[b + k];
                        out[b + k] = t;
                    }
                }
            }
        }
        return with(out);
    }

    private int offset(int instance, int point) {
        return (instance * pointsPerInstance + point) * VALUES_PER_POINT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Keypoints k && k.pointsPerInstance == pointsPerInstance && Arrays.equals(k.values, values)
                && Arrays.deepEquals(k.flipPairs, flipPairs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + pointsPerInstance;
    }
}
