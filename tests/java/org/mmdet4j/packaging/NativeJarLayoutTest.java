package org.mmdet4j.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.bytedeco.javacpp.ClassProperties;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.bindings.NativeLibrary;

/**
 * The native jars as the build packages them (java/core/target): each holds, under
 * org/mmdet4j/bindings/PLATFORM+EXTENSION/, the JNI library, the native core and every library of
 * NativeLibrary's preload list for that extension, and nothing they need at load time is missing
 * from the jar except the system's C and C++ runtime (and, for CUDA, the driver). The preload
 * lists themselves are checked against what LibTorch's CPU and CUDA libraries link to.
 */
class NativeJarLayoutTest {
    static final String PLATFORM = "linux-x86_64";
    static final Path TARGET = Path.of("java/core/target");
    /**
     * Provided by the system, never bundled: glibc (CUPTI links its libutil), the GCC runtime,
     * zlib (cuDNN's libcudnn_adv needs it; the JVM's own libzip links it on Linux distributions)
     * and the CUDA driver.
     */
    static final Set<String> SYSTEM = Set.of("libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
            "libutil.so.1", "ld-linux-x86-64.so.2", "libgcc_s.so.1", "libstdc++.so.6", "libz.so.1", "libcuda.so.1");

    @Test
    void cpuJarHoldsTheCoreAndTheLibTorchItLoads(@TempDir Path tmp) throws Exception {
        Path jar = nativeJar("");
        assumeTrue(jar != null, "no native jar: the native build was skipped");
        checkJar(jar, "", tmp);
    }

    @Test
    void gpuJarHoldsTheCudaLibrariesOfItsPreloadList(@TempDir Path tmp) throws Exception {
        Path jar = nativeJar("-gpu");
        assumeTrue(jar != null, "no -gpu native jar: it is built only with a CUDA LibTorch "
                + "(mvn install -Djavacpp.platform.extension=-gpu)");
        checkJar(jar, "-gpu", tmp);
    }

    @Test
    void preloadListsNameLibTorchsLibrariesInLoadOrder() {
        List<String> cpu = preloads("");
        assertEquals(List.of("libgomp.so.1", "libc10.so", "libtorch_cpu.so", "libtorch.so", "libmmdet4j.so"), cpu);
        List<String> gpu = preloads("-gpu");
        // Everything LibTorch 2.13's CUDA libraries link to (CUDA 13 wheels), plus cuDNN's engines.
        for (String lib : List.of("libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcufft.so.12",
                "libcurand.so.10", "libcusparse.so.12", "libcusolver.so.12", "libnccl.so.2", "libnvrtc.so.13",
                "libcudnn.so.9", "libcudnn_cnn.so.9", "libcudnn_engines_precompiled.so.9", "libc10_cuda.so",
                "libtorch_cuda.so", "libtorch_cuda_linalg.so", "libtorch_nvshmem.so", "libnvshmem_host.so.3",
                "libcufile.so.0", "libcusparseLt.so.0", "libcupti.so.13")) {
            assertTrue(gpu.contains(lib), lib + " missing from the -gpu preload list " + gpu);
        }
        assertTrue(gpu.containsAll(cpu), "the -gpu list loads the CPU libraries too");
        // A library comes after those it links to: c10 before c10_cuda, the CUDA runtime before
        // both, torch_cpu before torch_cuda, torch last before the core.
        assertTrue(gpu.indexOf("libcudart.so.13") < gpu.indexOf("libc10_cuda.so"));
        assertTrue(gpu.indexOf("libc10.so") < gpu.indexOf("libc10_cuda.so"));
        assertTrue(gpu.indexOf("libcublasLt.so.13") < gpu.indexOf("libcublas.so.13"));
        assertTrue(gpu.indexOf("libtorch_cpu.so") < gpu.indexOf("libtorch_cuda.so"));
        assertTrue(gpu.indexOf("libcupti.so.13") < gpu.indexOf("libtorch_cpu.so"), "CUDA torch_cpu links CUPTI");
        assertTrue(gpu.indexOf("libtorch_nvshmem.so") < gpu.indexOf("libtorch_cuda.so"));
        assertEquals(List.of("libtorch.so", "libmmdet4j.so"), gpu.subList(gpu.size() - 2, gpu.size()));
    }

    /** NativeLibrary's preloads and links for a platform extension, as file names, in load order. */
    static List<String> preloads(String extension) {
        Properties platform = Loader.loadProperties(PLATFORM, null);
        platform.setProperty("platform.extension", extension);
        ClassProperties p = Loader.loadProperties(new Class<?>[] {NativeLibrary.class}, platform, true);
        List<String> names = new ArrayList<>();
        for (String entry : p.get("platform.preload")) {
            names.add(fileName(entry));
        }
        for (String entry : p.get("platform.link")) {
            names.add(fileName(entry));
        }
        return names;
    }

    /** "cudart@.13" -> libcudart.so.13, "c10" -> libc10.so (JavaCPP's Linux naming). */
    static String fileName(String entry) {
        String[] nameVersion = entry.split("@");
        return "lib" + nameVersion[0] + ".so" + (nameVersion.length > 1 ? nameVersion[1] : "");
    }

    static Path nativeJar(String extension) throws IOException {
        if (!Files.isDirectory(TARGET)) {
            return null;
        }
        String pattern = "mmdet4j-core-*-" + PLATFORM + extension + ".jar";
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(TARGET, pattern)) {
            for (Path jar : jars) {
                return jar;
            }
        }
        return null;
    }

    static void checkJar(Path jar, String extension, Path tmp) throws Exception {
        String folder = "org/mmdet4j/bindings/" + PLATFORM + extension + "/";
        Set<String> libraries = new TreeSet<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(j.entries())) {
                String name = e.getName();
                if (e.isDirectory() || name.startsWith("META-INF/")) {
                    continue;
                }
                assertTrue(name.startsWith(folder), jar + ": " + name + " is outside " + folder);
                String file = name.substring(folder.length());
                libraries.add(file);
                try (InputStream in = j.getInputStream(e)) {
                    Files.copy(in, tmp.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        assertTrue(libraries.contains("libjnimmdet4j.so"), jar + " lacks the JNI library: " + libraries);
        for (String lib : preloads(extension)) {
            assertTrue(libraries.contains(lib), jar + " lacks " + lib + " of the preload list: " + libraries);
        }
        for (String lib : libraries) {
            for (String needed : neededLibraries(tmp.resolve(lib))) {
                assertTrue(libraries.contains(needed) || SYSTEM.contains(needed),
                        jar + ": " + lib + " needs " + needed + ", which is neither in the jar nor the system's");
            }
        }
    }

    /** The DT_NEEDED entries of a shared library, from binutils' readelf. */
    static List<String> neededLibraries(Path lib) throws Exception {
        Process p = new ProcessBuilder("readelf", "-d", lib.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        List<String> needed = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("(NEEDED)")) {
                needed.add(line.substring(line.indexOf('[') + 1, line.indexOf(']')));
            }
        }
        return needed;
    }
}
