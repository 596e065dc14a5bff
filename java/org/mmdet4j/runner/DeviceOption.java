package org.mmdet4j.runner;

import org.mmdet4j.config.Config;
import picocli.CommandLine.Option;

/** The {@code --device} option of the commands that build a model (a picocli mixin). */
public final class DeviceOption {
    @Option(names = "--device", paramLabel = "DEVICE",
            description = "cpu, cuda or cuda:N (default: the config's device, else cpu).")
    String device;

    /** The config with its device set by the option, when given. */
    public Config apply(Config cfg) {
        return device == null ? cfg : cfg.with("device", device);
    }
}
