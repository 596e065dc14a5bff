package org.mmdet4j.data.sample;

import java.util.Arrays;

/**
 * The landmarks of a set of instances: {@code pointsPerInstance} points each, stored as
 * {@code (x, y, visible)} triples in pixels, instance after instance. {@code visible} is 1 for
 * a point the annotation gives and 0 for one it does not (RetinaFace's label files write -1
 * coordinates for faces without landmarks); coordinates of invisible points are meaningless.
 * Immutable: transforms make new instances.
 */
public final class Keypoints {
    public static final int VALUES_PER_POINT = 3;

    private final float[] values;
    private final int pointsPerInstance;

    public Keypoints(float[] values, int pointsPerInstance) {
        if (pointsPerInstance <= 0) {
            throw new IllegalArgumentException("pointsPerInstance must be positive, got " + pointsPerInstance);
        }
        if (values.length % (pointsPerInstance * VALUES_PER_POINT) != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole instances of "
                    + pointsPerInstance + " (x, y, visible) points");
        }
        this.values = values.clone();
        this.pointsPerInstance = pointsPerInstance;
    }

    public static Keypoints empty(int pointsPerInstance) {
        return new Keypoints(new float[0], pointsPerInstance);
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
        return new Keypoints(out, pointsPerInstance);
    }

    /**
     * Every visible point mapped by {@code x' = x * sx + dx}, {@code y' = y * sy + dy}; a point
     * that lands outside {@code [0, width] x [0, height]} stays as it is (RetinaFace keeps
     * landmarks that leave a crop: their loss still teaches the geometry).
     */
    public Keypoints affine(double sx, double dx, double sy, double dy) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i += VALUES_PER_POINT) {
            if (out[i + 2] > 0) {
                out[i] = (float) (out[i] * sx + dx);
                out[i + 1] = (float) (out[i + 1] * sy + dy);
            }
        }
        return new Keypoints(out, pointsPerInstance);
    }

    /**
     * Mirrored in x within an image {@code width} wide ({@code x' = width - x}, matching the
     * boxes' v2 flip), with the points of each pair in {@code swapPairs} exchanged, so that a
     * left eye stays a left eye.
     */
    public Keypoints flipHorizontal(double width, int[][] swapPairs) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i += VALUES_PER_POINT) {
            if (out[i + 2] > 0) {
                out[i] = (float) (width - out[i]);
            }
        }
        int stride = pointsPerInstance * VALUES_PER_POINT;
        for (int inst = 0; inst < count(); inst++) {
            for (int[] pair : swapPairs) {
                int a = inst * stride + pair[0] * VALUES_PER_POINT;
                int b = inst * stride + pair[1] * VALUES_PER_POINT;
                for (int k = 0; k < VALUES_PER_POINT; k++) {
                    float t = out[a + k];
                    out[a + k] = out[b + k];
                    out[b + k] = t;
                }
            }
        }
        return new Keypoints(out, pointsPerInstance);
    }

    private int offset(int instance, int point) {
        return (instance * pointsPerInstance + point) * VALUES_PER_POINT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Keypoints k && k.pointsPerInstance == pointsPerInstance && Arrays.equals(k.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + pointsPerInstance;
    }
}
