package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Build and load settings shared by every JavaCPP-mapped class of mmdet4j: all of them compile
 * into one JNI library, {@code libjnimmdet4j}, linked against the native core {@code libmmdet4j}.
 *
 * <p>The native jar of a platform ({@code mmdet4j-core-VERSION-linux-x86_64.jar}) carries both
 * and the LibTorch libraries of the preload list under {@code org/mmdet4j/bindings/linux-x86_64/};
 * JavaCPP's {@code Loader} extracts them to its cache and loads them in this order, so nothing
 * needs to be installed or pointed at. The CUDA build is packaged under the platform extension
 * {@code -gpu} ({@code linux-x86_64-gpu/}) with the second preload list, which adds the CUDA
 * runtime and the libraries LibTorch's CUDA build needs (CUDA 13; CUPTI, which its torch_cpu
 * links for the profiler, and cuDNN's engine libraries, which cuDNN opens by name, included). When
 * both jars are present the {@code -gpu} one is tried first.
 * A library missing from the jars is looked up in {@code
 * -Dorg.bytedeco.javacpp.platform.preloadpath} and the system's paths; a missing preload is not an
 * error by itself. Built in this tree, the libraries load in place from the build output.
 */
@Properties(value = {
        @Platform(
                include = {"mmdet4j/tensor.h", "mmdet4j/results.h", "mmdet4j/ops.h", "mmdet4j/detector.h",
                    "mmdet4j/components.h", "mmdet4j/memory.h", "mmdet4j/threads.h"},
                link = "mmdet4j",
                preload = {"gomp@.1", "c10", "torch_cpu", "torch"},
                library = "jnimmdet4j"),
        @Platform(
                value = "linux-x86_64",
                extension = "-gpu",
                preload = {"gomp@.1", "cudart@.13", "nvJitLink@.13", "nvrtc@.13", "cublasLt@.13", "cublas@.13",
                    "cufft@.12", "curand@.10", "cusparse@.12", "cusolver@.12", "cufile@.0", "cusparseLt@.0",
                    "nccl@.2", "nvshmem_host@.3", "cudnn_graph@.9", "cudnn_engines_precompiled@.9",
                    "cudnn_engines_runtime_compiled@.9", "cudnn_heuristic@.9", "cudnn_ops@.9", "cudnn_cnn@.9",
                    "cudnn_adv@.9", "cudnn@.9", "cupti@.13", "c10", "c10_cuda", "torch_cpu", "torch_nvshmem",
                    "torch_cuda", "torch_cuda_linalg", "caffe2_nvrtc", "torch"})})
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
