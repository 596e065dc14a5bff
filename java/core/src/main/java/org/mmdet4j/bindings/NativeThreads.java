package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * The native core's CPU threads (native/api/include/mmdet4j/threads.h): how many threads its
 * tensor operations use. The core starts with {@code MMDET4J_THREADS} when that is set, else with
 * the CPUs the process may use (its affinity mask and cgroup quota).
 */
@Namespace("mmdet4j::api")
@Properties(inherit = NativeLibrary.class)
public final class NativeThreads {
    static {
        Loader.load();
    }

    private NativeThreads() {
    }

    /** Sets the thread count of the tensor operations; from 1 to 4096, else an error. */
    public static native void setNumThreads(@Cast("int64_t") long n);

    public static native @Cast("int64_t") long numThreads();

    /** Back to the starting count and, unless MMDET4J_THREADS is set, to following the free CPUs. */
    public static native void resetNumThreads();

    /** The count the core started with. */
    public static native @Cast("int64_t") long defaultNumThreads();
}
