package org.mmdet4j.bindings;

import java.util.function.Supplier;
import org.mmdet4j.tensor.DType;
import org.mmdet4j.tensor.NdArray;

/** Moves {@link NdArray}s in and out of native tensors, one bulk copy each way. */
public final class Tensors {
    private Tensors() {
    }

    public static NativeTensor toNative(NdArray a) {
        if (a == null) {
            return new NativeTensor();  // an absent optional argument
        }
        long[] shape = a.shape();
        return call(() -> switch (a.dtype()) {
            case FLOAT32 -> NativeTensor.fromFloat32(a.floats(), shape, shape.length);
            case FLOAT64 -> NativeTensor.fromFloat64(a.doubles(), shape, shape.length);
            case INT64 -> NativeTensor.fromInt64(a.longs(), shape, shape.length);
            case INT32 -> NativeTensor.fromInt32(a.ints(), shape, shape.length);
            case UINT8 -> NativeTensor.fromUInt8(a.bytes(), shape, shape.length);
        });
    }

    public static NdArray toJava(NativeTensor t) {
        return call(() -> {
            long[] shape = new long[t.dim()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = t.size(d);
            }
            int n = Math.toIntExact(t.numel());
            return switch (DType.fromCode(t.dtype())) {
                case FLOAT32 -> {
                    float[] v = new float[n];
                    t.copyToFloat32(v, n);
                    yield NdArray.of(v, shape);
                }
                case FLOAT64 -> {
                    double[] v = new double[n];
                    t.copyToFloat64(v, n);
                    yield NdArray.of(v, shape);
                }
                case INT64 -> {
                    long[] v = new long[n];
                    t.copyToInt64(v, n);
                    yield NdArray.of(v, shape);
                }
                case INT32 -> {
                    int[] v = new int[n];
                    t.copyToInt32(v, n);
                    yield NdArray.of(v, shape);
                }
                case UINT8 -> {
                    byte[] v = new byte[n];
                    t.copyToUInt8(v, n);
                    yield NdArray.of(v, shape);
                }
            };
        });
    }

    /**
     * Runs a native call, turning the RuntimeException that JavaCPP raises for a C++ exception
     * into a {@link NativeException} with the same message.
     */
    public static <T> T call(Supplier<T> nativeCall) {
        try {
            return nativeCall.get();
        } catch (NativeException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getClass() != RuntimeException.class) {
                throw e;  // a Java-side error (e.g. a null argument), not a C++ exception
            }
            throw new NativeException(e.getMessage(), e);
        }
    }

    /** {@link #call} for a native call without a result. */
    public static void run(Runnable nativeCall) {
        call(() -> {
            nativeCall.run();
            return null;
        });
    }
}
