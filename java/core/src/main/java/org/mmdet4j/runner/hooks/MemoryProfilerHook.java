package org.mmdet4j.runner.hooks;

import java.util.Locale;
import java.util.Map;
import org.mmdet4j.bindings.NativeLibrary;
import org.mmdet4j.bindings.NativeMemory;
import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Mode;
import org.mmdet4j.runner.Runner;
import org.mmdet4j.runner.memory.ProcMemory;

/**
 * mmdetection's {@code MemoryProfilerHook}: every {@code interval} training iterations, one line
 * with the machine's available and used memory, swap, and this process's resident memory, plus
 * what only the JVM knows: the Java heap in use and committed. A resident figure that climbs
 * while the heap stays flat points at native memory (tensors kept alive, or the C allocator
 * holding freed pages); where the native core is loaded, the C heap's own figures tell which
 * ({@code native_heap}, its part {@code native_in_use}, and {@code native_mapped} outside it).
 * The soak benchmark reads these lines.
 */
public final class MemoryProfilerHook extends Hook {
    private final int interval;

    public MemoryProfilerHook(int interval) {
        if (interval <= 0) {
            throw new IllegalArgumentException("MemoryProfilerHook: interval must be positive, got " + interval);
        }
        this.interval = interval;
    }

    @Override
    public void afterIter(Runner runner) {
        if (runner.mode() == Mode.TRAIN && (runner.iter() + 1) % interval == 0) {
            runner.out().println("Iter [" + (runner.iter() + 1) + "] " + line() + nativeHeap());
        }
    }

    /** The memory line, mmdetection's wording first; MB are MiB as upstream's {@code / 1024**2}. */
    static String line() {
        Map<String, Long> m = ProcMemory.machineKiB();
        long total = m.get("MemTotal");
        long available = m.get("MemAvailable");
        long swapTotal = m.get("SwapTotal");
        long swapFree = m.get("SwapFree");
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Memory information available_memory: %d MB, used_memory: %d MB, "
                        + "memory_utilization: %.1f %%, available_swap_memory: %d MB, used_swap_memory: %d MB, "
                        + "swap_memory_utilization: %.1f %%, current_process_memory: %d MB, "
                        + "java_heap_used: %d MB, java_heap_committed: %d MB",
                mib(available), mib(total - available), percent(total - available, total), mib(swapFree),
                mib(swapTotal - swapFree), percent(swapTotal - swapFree, swapTotal),
                mib(ProcMemory.residentKiB()), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20);
    }

    /** The C heap's figures when the native core is loaded (a native model), else nothing. */
    private static String nativeHeap() {
        if (!NativeLibrary.isLoaded()) {
            return "";
        }
        long[] s = new long[4];
        NativeMemory.mallocStats(s);
        if (s[0] <= 0) {  // not glibc, or another allocator preloaded (jemalloc): glibc's heap is unused
            return "";
        }
        return String.format(Locale.ROOT, ", native_heap: %d MB, native_in_use: %d MB, native_mapped: %d MB",
                s[0] >> 20, s[1] >> 20, s[3] >> 20);
    }

    private static long mib(long kib) {
        return kib < 0 ? -1 : kib / 1024;
    }

    private static double percent(long part, long whole) {
        return whole <= 0 ? 0 : 100.0 * part / whole;
    }
}
