package org.mmdet4j.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense row-major array on the Java heap: a primitive array plus a shape. This is what Java
 * code hands to the native core and gets back (images, boxes, scores, features). The array is
 * shared, not copied: do not modify it while a native call reads it.
 */
public final class NdArray {
    private final DType dtype;
    private final long[] shape;
    private final Object data;

    private NdArray(DType dtype, Object data, int length, long[] shape) {
        this.dtype = dtype;
        this.data = data;
        this.shape = shape.clone();
        long count = 1;
        for (long s : this.shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, s);
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count
                    + " elements but the array has " + length);
        }
    }

    public static NdArray of(float[] data, long... shape) {
        return new NdArray(DType.FLOAT32, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    public static NdArray of(double[] data, long... shape) {
        return new NdArray(DType.FLOAT64, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    public static NdArray of(long[] data, long... shape) {
        return new NdArray(DType.INT64, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    public static NdArray of(int[] data, long... shape) {
        return new NdArray(DType.INT32, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    public static NdArray of(byte[] data, long... shape) {
        return new NdArray(DType.UINT8, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int dim() {
        return shape.length;
    }

    public long size(int d) {
        return shape[d];
    }

    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    public float[] floats() {
        return (float[]) require(DType.FLOAT32);
    }

    public double[] doubles() {
        return (double[]) require(DType.FLOAT64);
    }

    public long[] longs() {
        return (long[]) require(DType.INT64);
    }

    public int[] ints() {
        return (int[]) require(DType.INT32);
    }

    public byte[] bytes() {
        return (byte[]) require(DType.UINT8);
    }

    /** The backing primitive array, whatever its type. */
    public Object data() {
        return data;
    }

    private Object require(DType wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("array holds " + dtype + ", not " + wanted);
        }
        return data;
    }

    @Override
    public String toString() {
        return "NdArray(" + dtype + ", shape=" + Arrays.toString(shape) + ")";
    }
}
