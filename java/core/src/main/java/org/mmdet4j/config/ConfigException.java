package org.mmdet4j.config;

import org.mmdet4j.Mmdet4jException;

import java.nio.file.Path;

/**
 * Anything wrong with a config: unreadable or malformed files, values outside the supported
 * subset, bad overrides, and keys or types a registry rejects while building a component.
 *
 * <p>The message is one line that starts with where the problem is, most precise first:
 * {@code file:line: ...} when the file and line are known, {@code file: ...} when only the file
 * is, and {@code model.neck.type: ...} for a path inside the merged config. The parts are also
 * available separately for callers that want to format them differently.
 */
public class ConfigException extends Mmdet4jException {
    private final Path file;
    private final int line;
    private final String configPath;
    private final String detail;

    /** An error with no known location. */
    public ConfigException(String detail) {
        this(null, -1, null, detail, null);
    }

    /** An error at a dotted path of the config tree ({@code model.neck.type}). */
    public static ConfigException atPath(String configPath, String detail) {
        return new ConfigException(null, -1, configPath, detail, null);
    }

    /** An error in a file, at a 1-based line, or anywhere in it when {@code line <= 0}. */
    public static ConfigException inFile(Path file, int line, String detail) {
        return new ConfigException(file, line, null, detail, null);
    }

    public ConfigException(Path file, int line, String configPath, String detail, Throwable cause) {
        super(format(file, line, configPath, detail), cause);
        this.file = file;
        this.line = line;
        this.configPath = configPath;
        this.detail = detail;
    }

    /** Same error, located in {@code file} when it had no file yet (used as errors leave a base file). */
    public ConfigException withFileIfAbsent(Path where) {
        if (file != null || where == null) {
            return this;
        }
        return new ConfigException(where, line, configPath, detail, getCause() != null ? getCause() : this);
    }

    /** The file the problem is in, or null. */
    public Path file() {
        return file;
    }

    /** The 1-based line in {@link #file()}, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** The dotted path inside the config, or null. */
    public String configPath() {
        return configPath;
    }

    /** The message without its location prefix. */
    public String detail() {
        return detail;
    }

    private static String format(Path file, int line, String configPath, String detail) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (configPath != null && !configPath.isEmpty()) {
            sb.append(configPath).append(": ");
        }
        return sb.append(detail).toString();
    }
}
