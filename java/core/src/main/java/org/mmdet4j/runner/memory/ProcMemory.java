package org.mmdet4j.runner.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory figures from Linux's {@code /proc}: this process's resident set ({@code VmRSS}) and its
 * peak ({@code VmHWM}), and the machine's total, available and swap memory. Every figure is in
 * KiB and -1 where {@code /proc} is not there (not Linux), so callers can leave it out.
 */
public final class ProcMemory {
    private ProcMemory() {
    }

    /** Resident memory of this process now, KiB. */
    public static long residentKiB() {
        return field(Path.of("/proc/self/status"), "VmRSS");
    }

    /** Peak resident memory of this process, KiB. */
    public static long peakResidentKiB() {
        return field(Path.of("/proc/self/status"), "VmHWM");
    }

    /** The machine's memory: {@code MemTotal}, {@code MemAvailable}, {@code SwapTotal}, {@code SwapFree} in KiB. */
    public static Map<String, Long> machineKiB() {
        List<String> lines = lines(Path.of("/proc/meminfo"));
        Map<String, Long> out = new HashMap<>();
        for (String key : List.of("MemTotal", "MemAvailable", "SwapTotal", "SwapFree")) {
            out.put(key, field(lines, key));
        }
        return out;
    }

    /** The number in a {@code "Key:   123 kB"} line of a /proc file, or -1. */
    static long field(Path file, String key) {
        return field(lines(file), key);
    }

    private static long field(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key + ":")) {
                try {
                    return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").strip());
                } catch (NumberFormatException e) {
                    return -1;  // an unexpected layout: the figure is unknown
                }
            }
        }
        return -1;
    }

    /** The file's lines, none when it cannot be read (not Linux). */
    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
