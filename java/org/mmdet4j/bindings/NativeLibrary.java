package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Build and load settings shared by every JavaCPP-mapped class of mmdet4j: all of them compile
 * into one JNI library, {@code libjnimmdet4j}, linked against the native core {@code libmmdet4j}.
 *
 * <p>The native core finds LibTorch through its run path when it was built on this machine. A
 * user of the published jars points it at a LibTorch 2.13 instead (the {@code torch/lib} folder
 * of the pip wheel or {@code lib/} of a LibTorch zip) with
 * {@code -Dorg.bytedeco.javacpp.platform.preloadpath=/path/to/torch/lib}: the preloads below are
 * looked up there first, and a missing one is not an error by itself.
 */
@Properties(value = @Platform(
        include = {"mmdet4j/tensor.h", "mmdet4j/results.h", "mmdet4j/ops.h", "mmdet4j/detector.h", "mmdet4j/components.h",
            "mmdet4j/memory.h", "mmdet4j/threads.h"},
        link = "mmdet4j",
        preload = {"c10", "torch_cpu", "torch"},
        library = "jnimmdet4j"))
public final class NativeLibrary {
    private NativeLibrary() {
    }

    private static volatile boolean loaded;

    /** Loads the native libraries once; safe to call from any thread. */
    public static void load() {
        Loader.load(NativeLibrary.class);
        loaded = true;
    }

    /** Whether {@link #load} has run in this process (without loading anything). */
    public static boolean isLoaded() {
        return loaded;
    }
}
