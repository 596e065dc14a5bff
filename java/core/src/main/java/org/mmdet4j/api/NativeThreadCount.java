package org.mmdet4j.api;

import org.mmdet4j.bindings.NativeThreads;
import org.mmdet4j.bindings.Tensors;

/**
 * How many CPU threads the native core's tensor operations use: one setting for the whole
 * process, as LibTorch's intra-op thread pool is (it is what {@code torch.set_num_threads} sets).
 * It starts at {@code MMDET4J_THREADS} when that is set, else at the CPUs this process may use
 * (its affinity mask and cgroup quota). A service that runs several detectors side by side, or
 * beside other busy work, sets it lower so that they do not oversubscribe the cores.
 */
public final class NativeThreadCount {
    private NativeThreadCount() {
    }

    /**
     * Sets the thread count; takes effect for the next operation on any thread.
     *
     * @param threads from 1 to 4096
     * @throws IllegalArgumentException for a count outside that range
     */
    public static void set(int threads) {
        if (threads < 1 || threads > 4096) {
            throw new IllegalArgumentException("thread count must be from 1 to 4096, got " + threads);
        }
        Tensors.run(() -> NativeThreads.setNumThreads(threads));
    }

    /** The current thread count. */
    public static int get() {
        return (int) Tensors.call(NativeThreads::numThreads).longValue();
    }

    /** The count the native core started with ({@code MMDET4J_THREADS}, else the CPUs available). */
    public static int initial() {
        return (int) Tensors.call(NativeThreads::defaultNumThreads).longValue();
    }
}
