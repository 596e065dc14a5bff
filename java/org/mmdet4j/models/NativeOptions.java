package org.mmdet4j.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The flat "dotted.key=value" options a native component is built from (see
 * native/core/options.h). Each registered factory checks its config against its schema and
 * returns its options; the detector factory nests them under "backbone.", "neck.", ...
 */
public final class NativeOptions {
    private final Map<String, String> values = new LinkedHashMap<>();

    /** Sets key to value: lists comma-separated, booleans true/false, null skipped. */
    public NativeOptions put(String key, Object value) {
        if (key.contains("=") || key.contains("\n")) {
            throw new IllegalArgumentException("bad option key '" + key + "'");
        }
        if (value == null) {
            return this;
        }
        String text = value instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(value);
        if (text.contains("\n")) {
            throw new IllegalArgumentException("option " + key + " has a line break");
        }
        values.put(key, text);
        return this;
    }

    /** Copies every option of {@code child} under {@code prefix.}. */
    public NativeOptions nest(String prefix, NativeOptions child) {
        if (child != null) {
            child.values.forEach((k, v) -> values.put(prefix + "." + k, v));
        }
        return this;
    }

    public String get(String key) {
        return values.get(key);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    /** The text the native side parses. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
