package org.mmdet4j.cli.runner;


import org.mmdet4j.api.NativeThreadCount;
import org.mmdet4j.config.Config;
import picocli.CommandLine.Option;

/**
 * The {@code --device} and {@code --threads} options of the commands that build a model (a
 * picocli mixin): where the native core computes, and with how many CPU threads.
 */
public final class DeviceOption {
    @Option(names = "--device", paramLabel = "DEVICE",
            description = "cpu, cuda or cuda:N (default: the config's device, else cpu).")
    String device;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads of the native core's tensor operations (default: MMDET4J_THREADS, else the "
                    + "CPUs this process may use).")
    Integer threads;

    /** The config with its device set by the option, when given; applies --threads. */
    public Config apply(Config cfg) {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            NativeThreadCount.set(threads);
        }
        return device == null ? cfg : cfg.with("device", device);
    }
}
