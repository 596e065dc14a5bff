package org.mmdet4j.config;

import java.nio.file.Path;
import java.util.Locale;

/** The three config syntaxes, chosen by file extension. */
public enum ConfigFormat {
    YAML("yaml"),
    JSON("json"),
    /** mmdetection-style Python configs, read by a parser for the subset configs use. */
    PYTHON("py");

    private final String extension;

    ConfigFormat(String extension) {
        this.extension = extension;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The format of {@code file} by its extension ({@code .yaml}/{@code .yml}, {@code .json}, {@code .py}). */
    public static ConfigFormat of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return YAML;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".py")) {
            return PYTHON;
        }
        throw ConfigException.inFile(file, -1, "unknown config format: use a .yaml, .yml, .json or .py file");
    }

    /** The format called {@code name} ({@code yaml}, {@code json}, {@code py} or {@code python}). */
    public static ConfigFormat byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "yaml", "yml" -> YAML;
            case "json" -> JSON;
            case "py", "python" -> PYTHON;
            default -> throw new ConfigException("unknown config format '" + name + "'; expected yaml, json or py");
        };
    }
}
