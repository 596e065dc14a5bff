package org.mmdet4j.config;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, ordered dict of a config tree, with typed getters on dotted paths.
 *
 * <p>Paths are keys joined by dots; a segment made of digits indexes a list, so
 * {@code data.train.pipeline.2.img_scale} reaches into the third transform. Every dict knows
 * its own {@link #location()} in the merged config, so errors from nested dicts name the full
 * path ({@code model.bbox_head.num_classes: expected int, got str '3'}).
 *
 * <p>Getters without a default throw {@link ConfigException} when the path is missing (with a
 * did-you-mean hint) or holds another type. Getters with a default return it when the path is
 * missing or holds {@code None}. Equality is that of {@link Map}: same keys and equal values,
 * whatever the order and location.
 */
public final class ConfigDict extends AbstractMap<String, Object> {
    private static final ConfigDict EMPTY = new ConfigDict(new LinkedHashMap<>(), "");

    private final Map<String, Object> entries;
    private final String location;

    /** Entries must already be frozen values (see {@link ConfigValues#freeze}). */
    ConfigDict(LinkedHashMap<String, Object> entries, String location) {
        this.entries = Collections.unmodifiableMap(entries);
        this.location = location == null ? "" : location;
    }

    /** An immutable copy of {@code map}, converted to config values, located at the root. */
    public static ConfigDict of(Map<String, ?> map) {
        return of(map, "");
    }

    /** An immutable copy of {@code map} whose error messages use {@code location} as prefix. */
    public static ConfigDict of(Map<String, ?> map, String location) {
        return (ConfigDict) ConfigValues.freeze(map, location == null ? "" : location);
    }

    public static ConfigDict empty() {
        return EMPTY;
    }

    /** The dotted path of this dict in the merged config; empty at the root. */
    public String location() {
        return location;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public Object get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    /** A deep mutable copy ({@link LinkedHashMap}s and {@link ArrayList}s) for building a changed tree. */
    @SuppressWarnings("unchecked")
    public LinkedHashMap<String, Object> toMutable() {
        return (LinkedHashMap<String, Object>) ConfigValues.thaw(this);
    }

    /** A copy of this dict with {@code key} set to {@code value} (added last when new). */
    public ConfigDict with(String key, Object value) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(entries);
        copy.put(key, value);
        return (ConfigDict) ConfigValues.freeze(copy, location);
    }

    /** A copy of this dict without {@code key}. */
    public ConfigDict without(String key) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(entries);
        copy.remove(key);
        return new ConfigDict(copy, location);
    }

    // ---- dotted-path access ----

    /** Whether {@code path} exists (its value may be None). */
    public boolean has(String path) {
        return lookup(path, false) != MISSING;
    }

    /** The value at {@code path}; throws when it is missing. */
    public Object at(String path) {
        return lookup(path, true);
    }

    /** The value at {@code path}, or {@code fallback} when missing or None. */
    public Object at(String path, Object fallback) {
        Object value = lookup(path, false);
        return value == MISSING || value == null ? fallback : value;
    }

    public int getInt(String path) {
        return asInt(at(path), full(path));
    }

    public int getInt(String path, int fallback) {
        Object value = at(path, null);
        return value == null ? fallback : asInt(value, full(path));
    }

    public long getLong(String path) {
        return asLong(at(path), full(path));
    }

    public long getLong(String path, long fallback) {
        Object value = at(path, null);
        return value == null ? fallback : asLong(value, full(path));
    }

    /** A float; ints are accepted, as in Python. */
    public double getDouble(String path) {
        return asDouble(at(path), full(path));
    }

    public double getDouble(String path, double fallback) {
        Object value = at(path, null);
        return value == null ? fallback : asDouble(value, full(path));
    }

    public boolean getBool(String path) {
        return expect(at(path), Boolean.class, "bool", full(path));
    }

    public boolean getBool(String path, boolean fallback) {
        Object value = at(path, null);
        return value == null ? fallback : expect(value, Boolean.class, "bool", full(path));
    }

    public String getString(String path) {
        return expect(at(path), String.class, "str", full(path));
    }

    public String getString(String path, String fallback) {
        Object value = at(path, null);
        return value == null ? fallback : expect(value, String.class, "str", full(path));
    }

    public ConfigDict getDict(String path) {
        return expect(at(path), ConfigDict.class, "dict", full(path));
    }

    /** The dict at {@code path}, or an empty dict when missing or None. */
    public ConfigDict getDictOrEmpty(String path) {
        Object value = at(path, null);
        return value == null ? EMPTY : expect(value, ConfigDict.class, "dict", full(path));
    }

    @SuppressWarnings("unchecked")
    public List<Object> getList(String path) {
        return expect(at(path), List.class, "list", full(path));
    }

    public List<Integer> getIntList(String path) {
        List<Object> list = getList(path);
        List<Integer> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(asInt(list.get(i), full(path) + "." + i));
        }
        return Collections.unmodifiableList(out);
    }

    public List<Double> getDoubleList(String path) {
        List<Object> list = getList(path);
        List<Double> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(asDouble(list.get(i), full(path) + "." + i));
        }
        return Collections.unmodifiableList(out);
    }

    public List<String> getStringList(String path) {
        List<Object> list = getList(path);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(expect(list.get(i), String.class, "str", full(path) + "." + i));
        }
        return Collections.unmodifiableList(out);
    }

    // ---- typed conversions shared with the registry's argument checks ----

    /** {@code value} as an int, or a {@link ConfigException} at {@code path}. */
    public static int asInt(Object value, String path) {
        if (value instanceof Integer i) {
            return i;
        }
        throw wrongType(value, "int", path);
    }

    public static long asLong(Object value, String path) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw wrongType(value, "int", path);
    }

    public static double asDouble(Object value, String path) {
        if (value instanceof Integer || value instanceof Long || value instanceof Double) {
            return ((Number) value).doubleValue();
        }
        throw wrongType(value, "float", path);
    }

    static <T> T expect(Object value, Class<T> type, String typeName, String path) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw wrongType(value, typeName, path);
    }

    static ConfigException wrongType(Object value, String expected, String path) {
        return ConfigException.atPath(path, "expected " + expected + ", got "
                + ConfigValues.typeName(value) + " " + ConfigValues.brief(value));
    }

    private static final Object MISSING = new Object();

    private String full(String path) {
        return ConfigValues.join(location, path);
    }

    /** Walks {@code path}; returns {@link #MISSING} or throws a did-you-mean error when absent. */
    private Object lookup(String path, boolean required) {
        if (path == null || path.isEmpty()) {
            return this;
        }
        Object node = this;
        String walked = location;
        for (String segment : path.split("\\.", -1)) {
            String here = ConfigValues.join(walked, segment);
            if (node instanceof Map<?, ?> map) {
                if (!map.containsKey(segment)) {
                    if (!required) {
                        return MISSING;
                    }
                    List<String> keys = new ArrayList<>();
                    map.keySet().forEach(k -> keys.add((String) k));
                    throw ConfigException.atPath(here, "no such key" + DidYouMean.hint(segment, keys));
                }
                node = map.get(segment);
            } else if (node instanceof List<?> list) {
                int index = parseIndex(segment);
                if (index < 0 || index >= list.size()) {
                    if (!required) {
                        return MISSING;
                    }
                    throw ConfigException.atPath(here, index < 0
                            ? "a list is indexed by a number, got '" + segment + "'"
                            : "index " + index + " is out of range for a list of " + list.size());
                }
                node = list.get(index);
            } else {
                if (!required) {
                    return MISSING;
                }
                throw ConfigException.atPath(walked, "cannot look up '" + segment + "' in a "
                        + ConfigValues.typeName(node));
            }
            walked = here;
        }
        return node;
    }

    /** A non-negative list index, or -1 when {@code segment} is not one. */
    static int parseIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return -1;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(segment);
    }
}
