package org.mmdet4j.runner;

import java.util.regex.Pattern;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigException;

/**
 * Where a model runs: the config's top-level {@code device} ({@code cpu}, {@code cuda} or
 * {@code cuda:N}; default {@code cpu}), which the commands' {@code --device} overrides.
 */
public final class Devices {
    private static final Pattern DEVICE = Pattern.compile("cpu|cuda(:\\d+)?");

    private Devices() {
    }

    /** The config's device, checked. */
    public static String of(Config cfg) {
        Object device = cfg.at("device", "cpu");
        if (!(device instanceof String name) || !DEVICE.matcher(name).matches()) {
            throw ConfigException.atPath("device", "expected cpu, cuda or cuda:N, got " + device);
        }
        return name;
    }
}
