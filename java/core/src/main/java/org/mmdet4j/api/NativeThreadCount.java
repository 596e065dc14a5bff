package org.mmdet4j.api;

import org.mmdet4j.bindings.NativeThreads;
import org.mmdet4j.bindings.Tensors;

/**
 * How many CPU threads the native core's tensor operations use: one setting for the whole
 * process, as LibTorch's intra-op thread pool is (it is what {@code torch.set_num_threads} sets).
 *
 * <p>By default the count is {@code MMDET4J_THREADS} when that is set; otherwise it starts at the
 * CPUs this process may use (its affinity mask and cgroup quota) and, before each training step
 * and prediction, follows the CPUs other processes leave free (spinning OpenMP threads on CPUs
 * another process holds cost a training step up to 5x). {@link #set} fixes the count instead, for
 * example for a service that runs several detectors side by side; {@link #reset} returns to the
 * default.
 */
public final class NativeThreadCount {
    private NativeThreadCount() {
    }

    /**
     * Fixes the thread count; takes effect for the next operation on any thread.
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

    /** Back to the default: the starting count, following the free CPUs unless {@code MMDET4J_THREADS} is set. */
    public static void reset() {
        Tensors.run(NativeThreads::resetNumThreads);
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
