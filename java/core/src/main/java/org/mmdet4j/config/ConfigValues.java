package org.mmdet4j.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value model shared by every config syntax, and conversions into and out of it.
 *
 * <p>A config value is one of: {@link ConfigDict} (string keys, insertion order), an unmodifiable
 * {@code List<Object>}, {@link String}, {@link Integer} (or {@link Long} when it does not fit),
 * {@link Double}, {@link Boolean}, or {@code null}. Python tuples become lists, and every integer
 * and float type is narrowed to those two so that the same config read from YAML, JSON or Python
 * compares equal.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /**
     * Deepest nesting of dicts and lists a config may have. mmdetection configs stay under ten;
     * the limit turns recursive YAML aliases and hostile input into an error, not a stack overflow.
     */
    public static final int MAX_DEPTH = 100;

    /**
     * Most values (dicts, lists and scalars together) one config may hold. Real configs hold a few
     * thousand; the cap stops YAML alias bombs, whose few lines expand into billions of values.
     */
    public static final int MAX_VALUES = 500_000;

    /** Converts a parsed or hand-built value into the frozen config value model. */
    public static Object freeze(Object raw, String path) {
        return freeze(raw, path, 0, new int[1]);
    }

    private static Object freeze(Object raw, String path, int depth, int[] count) {
        if (depth > MAX_DEPTH) {
            throw tooDeep(path);
        }
        if (++count[0] > MAX_VALUES) {
            throw ConfigException.atPath(path, "more than " + MAX_VALUES + " values in one config "
                    + "(YAML aliases expanding without end?)");
        }
        if (raw == null || raw instanceof String || raw instanceof Boolean || raw instanceof Double) {
            return raw;
        }
        if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).intValue();
        }
        if (raw instanceof Long l) {
            return l == l.intValue() ? (Object) l.intValue() : l;
        }
        if (raw instanceof BigInteger big) {
            if (big.bitLength() >= 64) {
                throw ConfigException.atPath(path, "integer " + big + " does not fit in 64 bits");
            }
            return freeze(big.longValue(), path, depth, count);
        }
        if (raw instanceof Float || raw instanceof BigDecimal) {
            return ((Number) raw).doubleValue();
        }
        if (raw instanceof Character c) {
            return String.valueOf(c);
        }
        if (raw instanceof ConfigDict dict && dict.location().equals(path)) {
            return dict;
        }
        if (raw instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw ConfigException.atPath(path, "keys must be strings, got " + typeName(e.getKey())
                            + " " + e.getKey());
                }
                entries.put(key, freeze(e.getValue(), join(path, key), depth + 1, count));
            }
            return new ConfigDict(entries, path);
        }
        if (raw instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                items.add(freeze(list.get(i), join(path, Integer.toString(i)), depth + 1, count));
            }
            return Collections.unmodifiableList(items);
        }
        if (raw instanceof Object[] array) {
            return freeze(List.of(array), path, depth, count);
        }
        throw ConfigException.atPath(path, "unsupported value of type " + raw.getClass().getSimpleName()
                + " (" + raw + "); configs hold dicts, lists, strings, numbers, booleans and None");
    }

    /**
     * A deep mutable copy: {@link LinkedHashMap} for dicts and {@link ArrayList} for lists. Values
     * shared by several places (a Python name used twice, a YAML alias) become separate copies.
     */
    public static Object thaw(Object value) {
        return thaw(value, "", 0);
    }

    private static Object thaw(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw tooDeep(path);
        }
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                copy.put(key, thaw(e.getValue(), join(path, key), depth + 1));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(thaw(list.get(i), join(path, Integer.toString(i)), depth + 1));
            }
            return copy;
        }
        return value;
    }

    private static ConfigException tooDeep(String path) {
        return ConfigException.atPath(path, "nesting deeper than " + MAX_DEPTH + " levels (a recursive alias?)");
    }

    /** The Python-style type name used in error messages: int, float, bool, str, list, dict, None. */
    public static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte) {
            return "int";
        }
        if (value instanceof Number) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof Map<?, ?>) {
            return "dict";
        }
        return value.getClass().getSimpleName();
    }

    /** A short rendering of a value for error messages, Python-style: 'text', True, None; long values cut. */
    public static String brief(Object value) {
        String text = value instanceof String s ? "'" + s + "'"
                : value == null ? "None"
                : value instanceof Boolean b ? (b ? "True" : "False")
                : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** {@code parent.child}, or {@code child} at the root. */
    public static String join(String parent, String child) {
        return parent == null || parent.isEmpty() ? child : parent + "." + child;
    }
}
