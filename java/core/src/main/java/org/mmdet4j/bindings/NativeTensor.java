package org.mmdet4j.bindings;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByVal;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * {@code mmdet4j::api::Tensor} (native/api/include/mmdet4j/tensor.h): a handle on a LibTorch
 * tensor. Data crosses the boundary in bulk, as a primitive array or an NIO buffer plus a shape.
 * The handle is freed by {@link #close()} or, failing that, by the garbage collector.
 */
@Name("Tensor")
@Namespace("mmdet4j::api")
@Properties(inherit = NativeLibrary.class)
public class NativeTensor extends Pointer {
    static {
        Loader.load();
    }

    /** An undefined tensor, e.g. for an absent optional argument or an output parameter. */
    public NativeTensor() {
        super((Pointer) null);
        allocate();
    }

    public NativeTensor(Pointer p) {
        super(p);
    }

    private native void allocate();

    public static native @ByVal NativeTensor fromFloat32(@Const float[] data, @Cast("const int64_t*") long[] shape, int ndim);

    public static native @ByVal NativeTensor fromFloat32(@Const FloatBuffer data, @Cast("const int64_t*") long[] shape, int ndim);

    public static native @ByVal NativeTensor fromFloat64(@Const double[] data, @Cast("const int64_t*") long[] shape, int ndim);

    public static native @ByVal NativeTensor fromFloat64(@Const DoubleBuffer data, @Cast("const int64_t*") long[] shape, int ndim);

    public static native @ByVal NativeTensor fromInt64(@Cast("const int64_t*") long[] data, @Cast("const int64_t*") long[] shape, int ndim);

    public static native @ByVal NativeTensor fromInt64(@Cast("const int64_t*") LongBuffer data, @Cast("const int64_t*") long[] shape, int ndim);

    public static native @ByVal NativeTensor fromInt32(@Cast("const int32_t*") int[] data, @Cast("const int64_t*") long[] shape, int ndim);

    public static native @ByVal NativeTensor fromInt32(@Cast("const int32_t*") IntBuffer data, @Cast("const int64_t*") long[] shape, int ndim);

    public static native @ByVal NativeTensor fromUInt8(@Cast("const uint8_t*") byte[] data, @Cast("const int64_t*") long[] shape, int ndim);

    public static native @ByVal NativeTensor fromUInt8(@Cast("const uint8_t*") ByteBuffer data, @Cast("const int64_t*") long[] shape, int ndim);

    public native @Cast("bool") boolean defined();

    public native int dim();

    public native @Cast("int64_t") long size(int d);

    public native @Cast("int64_t") long numel();

    /** One of the {@code DType} codes of tensor.h (see {@code org.mmdet4j.tensor.DType}). */
    public native int dtype();

    public native void copyToFloat32(float[] dst, @Cast("int64_t") long capacity);

    public native void copyToFloat32(FloatBuffer dst, @Cast("int64_t") long capacity);

    public native void copyToFloat64(double[] dst, @Cast("int64_t") long capacity);

    public native void copyToInt64(@Cast("int64_t*") long[] dst, @Cast("int64_t") long capacity);

    public native void copyToInt32(@Cast("int32_t*") int[] dst, @Cast("int64_t") long capacity);

    public native void copyToUInt8(@Cast("uint8_t*") byte[] dst, @Cast("int64_t") long capacity);
}
