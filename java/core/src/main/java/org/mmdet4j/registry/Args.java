package org.mmdet4j.registry;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigValues;

/**
 * The checked arguments a {@link ComponentFactory} receives: every key of its {@link Schema},
 * given or defaulted, converted to the declared type, nested components already built.
 *
 * <p>Values by type: INT {@code Integer}, FLOAT {@code Double}, BOOL {@code Boolean}, STR
 * {@code String}, INT_LIST {@code List<Integer>}, FLOAT_LIST {@code List<Double>}, STR_LIST
 * {@code List<String>}, LIST {@code List<Object>}, DICT {@link ConfigDict}, COMPONENT the built
 * object, COMPONENT_LIST a {@code List} of built objects; any of them may be {@code null} when
 * the param is nullable. Asking for a key the schema does not declare is a programming error
 * ({@link IllegalArgumentException}).
 */
public final class Args {
    private final String typeName;
    private final String path;
    private final Registry<?> registry;
    private final Map<String, Object> values;
    private final ConfigDict extra;

    Args(String typeName, String path, Registry<?> registry, Map<String, Object> values, ConfigDict extra) {
        this.typeName = typeName;
        this.path = path;
        this.registry = registry;
        this.values = Collections.unmodifiableMap(values);
        this.extra = extra;
    }

    /** The registered name being built ({@code "FPN"}). */
    public String typeName() {
        return typeName;
    }

    /** The config path of the component's dict ({@code "model.neck"}); empty at the root. */
    public String path() {
        return path;
    }

    /** The registry building the component. */
    public Registry<?> registry() {
        return registry;
    }

    /** The config path of one of the keys, for the factory's own error messages. */
    public String pathOf(String key) {
        return ConfigValues.join(path, key);
    }

    /** All checked values by key, in schema order. */
    public Map<String, Object> values() {
        return values;
    }

    /** Keys outside the schema; empty unless the schema allows extra keys. */
    public ConfigDict extra() {
        return extra;
    }

    public Object get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(typeName + " declares no key '" + key + "'; declared: "
                    + values.keySet());
        }
        return values.get(key);
    }

    public boolean isNull(String key) {
        return get(key) == null;
    }

    public int getInt(String key) {
        return (Integer) nonNull(key);
    }

    public long getLong(String key) {
        return ((Number) nonNull(key)).longValue();
    }

    public double getDouble(String key) {
        return (Double) nonNull(key);
    }

    public boolean getBool(String key) {
        return (Boolean) nonNull(key);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    public ConfigDict getDict(String key) {
        return (ConfigDict) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<Object> getList(String key) {
        return (List<Object>) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String key) {
        return (List<Integer>) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<Double> getDoubleList(String key) {
        return (List<Double>) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> getStringList(String key) {
        return (List<String>) get(key);
    }

    /** A built nested component, checked to be a {@code type}. */
    public <R> R getComponent(String key, Class<R> type) {
        Object value = get(key);
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException(pathOf(key) + " built a " + value.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(value);
    }

    /** A list of built nested components, each checked to be a {@code type}. */
    public <R> List<R> getComponentList(String key, Class<R> type) {
        List<Object> list = getList(key);
        if (list == null) {
            return null;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!type.isInstance(list.get(i))) {
                throw new IllegalArgumentException(pathOf(key) + "." + i + " built a "
                        + list.get(i).getClass().getName() + ", not a " + type.getName());
            }
        }
        @SuppressWarnings("unchecked")
        List<R> typed = (List<R>) list;
        return typed;
    }

    /**
     * Builds a DICT-typed key as a component now, for factories that must pass it default
     * arguments computed from their own (mmdetection builds a head's loss with such defaults).
     * Errors name {@code path.key}.
     */
    public <R> R build(String key, Registry<?> by, Map<String, ?> defaultArgs, Class<R> type) {
        Object cfg = get(key);
        if (cfg == null) {
            return null;
        }
        return type.cast(by.build(cfg, defaultArgs, pathOf(key), type));
    }

    private Object nonNull(String key) {
        Object value = get(key);
        if (value == null) {
            throw new IllegalStateException(pathOf(key) + " is None; read it with get() or isNull() first");
        }
        return value;
    }
}
