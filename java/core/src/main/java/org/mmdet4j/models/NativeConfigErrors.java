package org.mmdet4j.models;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmdet4j.bindings.NativeException;
import org.mmdet4j.config.ConfigException;

/**
 * Native errors about options name the config path of the key first
 * ({@code "model.bbox_head.num_classes: must be positive"}); those become config errors at that
 * path, so they read like the Java registry's own.
 */
final class NativeConfigErrors {
    private static final Pattern CONFIG_PATH = Pattern.compile("([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*): (.*)",
            Pattern.DOTALL);

    private NativeConfigErrors() {
    }

    /** A config error when {@code e} names a path at or below {@code root}; else {@code e} itself. */
    static RuntimeException translate(NativeException e, String root) {
        Matcher m = CONFIG_PATH.matcher(e.getMessage() == null ? "" : e.getMessage());
        if (m.matches() && (m.group(1).equals(root) || m.group(1).startsWith(root + "."))) {
            return new ConfigException(null, -1, m.group(1), m.group(2), e);
        }
        return e;
    }
}
