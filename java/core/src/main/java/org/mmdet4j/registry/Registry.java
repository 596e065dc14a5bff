package org.mmdet4j.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.config.ConfigValues;
import org.mmdet4j.config.DidYouMean;

/**
 * Maps names to {@link ComponentFactory factories} and builds components from config dicts by
 * their {@code type} key, like mmcv's {@code Registry} and {@code build_from_cfg}.
 *
 * <p>{@link #build(Object, Map, String)} follows mmdetection v2: the config's keys win over the
 * default arguments ({@code default_args} fill in only what the config lacks, and may supply
 * {@code type}); {@code type} selects the factory; the remaining keys are checked against the
 * factory's {@link Schema} (see {@link ArgBinder}) with nested components built recursively.
 * Unlike mmdetection nothing is silently ignored: unknown names and keys are errors with
 * did-you-mean suggestions.
 *
 * <p>The standard registries and how components reach them are described in {@link Registries}.
 * A registry made directly with the constructor is standalone (no discovery), which is what
 * tests and plugin code use.
 *
 * @param <T> the common type of what this registry builds
 */
public final class Registry<T> {
    private record Entry(ComponentFactory<?> factory, String origin) {
    }

    private final String name;
    private final Class<T> baseType;
    private final Runnable beforeLookup;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** A standalone registry building subtypes of {@code baseType}. */
    public Registry(String name, Class<T> baseType) {
        this(name, baseType, () -> { });
    }

    /** {@code beforeLookup} runs before every lookup; {@link Registries} uses it for lazy discovery. */
    Registry(String name, Class<T> baseType, Runnable beforeLookup) {
        this.name = Objects.requireNonNull(name, "name");
        this.baseType = Objects.requireNonNull(baseType, "baseType");
        this.beforeLookup = beforeLookup;
    }

    /** The registry's name as errors show it ({@code "neck"}). */
    public String name() {
        return name;
    }

    public Class<T> baseType() {
        return baseType;
    }

    /**
     * Registers {@code factory} under {@code name}.
     *
     * @throws IllegalStateException when the name is already taken in this registry
     */
    public void register(String name, ComponentFactory<? extends T> factory) {
        register(name, factory, "register(\"" + name + "\", ...) called from " + caller());
    }

    /** Registration with a description of where it came from, for duplicate-name errors. */
    synchronized void register(String entryName, ComponentFactory<?> factory, String origin) {
        Objects.requireNonNull(factory, "factory");
        if (entryName == null || entryName.isBlank()) {
            throw new IllegalArgumentException("registry '" + name + "': a component name must not be blank ("
                    + origin + ")");
        }
        Objects.requireNonNull(factory.schema(), () -> origin + " returned a null schema");
        Entry previous = entries.get(entryName);
        if (previous != null) {
            throw new IllegalStateException("duplicate name '" + entryName + "' in registry '" + name
                    + "': already registered by " + previous.origin() + ", again by " + origin);
        }
        entries.put(entryName, new Entry(factory, origin));
    }

    /** Whether {@code entryName} is registered, without running discovery (for providers). */
    synchronized boolean containsWithoutLookup(String entryName) {
        return entries.containsKey(entryName);
    }

    public boolean contains(String entryName) {
        beforeLookup.run();
        synchronized (this) {
            return entries.containsKey(entryName);
        }
    }

    /** Registered names in registration order. */
    public List<String> names() {
        beforeLookup.run();
        synchronized (this) {
            return List.copyOf(entries.keySet());
        }
    }

    /** The factory for {@code entryName}; an unknown name is a did-you-mean {@link ConfigException}. */
    public ComponentFactory<?> get(String entryName) {
        return lookup(entryName, "").factory();
    }

    /** Builds {@code cfg} (a dict with a {@code type} key) with no default arguments. */
    public T build(Object cfg) {
        return build(cfg, null, null);
    }

    /** Builds {@code cfg}, filling keys it lacks from {@code defaultArgs}. */
    public T build(Object cfg, Map<String, ?> defaultArgs) {
        return build(cfg, defaultArgs, null);
    }

    /**
     * Builds {@code cfg} and names {@code path} in errors. A null path means the cfg's own
     * location when it is a {@link ConfigDict} taken from a config (such as {@code model}).
     */
    public T build(Object cfg, Map<String, ?> defaultArgs, String path) {
        return build(cfg, defaultArgs, path, baseType);
    }

    /** Builds {@code cfg} and checks that the result is an {@code expected}. */
    public <R> R build(Object cfg, Map<String, ?> defaultArgs, String path, Class<R> expected) {
        if (path == null) {
            path = cfg instanceof ConfigDict dict ? dict.location() : "";
        }
        if (!(cfg instanceof Map<?, ?> map)) {
            throw ConfigException.atPath(path, "expected a dict with a 'type' key for registry '" + name
                    + "', got " + ConfigValues.typeName(cfg) + " " + ConfigValues.brief(cfg));
        }
        ConfigDict given = cfg instanceof ConfigDict dict && dict.location().equals(path)
                ? dict : ConfigDict.of(castKeys(map, path), path);
        LinkedHashMap<String, Object> merged = new LinkedHashMap<>(given);
        Set<String> fromDefaults = new HashSet<>();
        if (defaultArgs != null) {
            ConfigDict defaults = ConfigDict.of(defaultArgs, path);
            for (Map.Entry<String, Object> e : defaults.entrySet()) {
                if (!merged.containsKey(e.getKey())) {
                    merged.put(e.getKey(), e.getValue());
                    fromDefaults.add(e.getKey());
                }
            }
        }
        Object type = merged.remove("type");
        if (type == null) {
            throw ConfigException.atPath(path, "missing key 'type' for registry '" + name + "'" + known());
        }
        String typePath = ConfigValues.join(path, "type");
        if (!(type instanceof String typeName)) {
            throw ConfigException.atPath(typePath, "expected str, got " + ConfigValues.typeName(type) + " "
                    + ConfigValues.brief(type));
        }
        Entry entry = lookup(typeName, typePath);
        Args args = ArgBinder.bind(entry.factory().schema(), merged, fromDefaults, path, typeName, this);
        Object built;
        try {
            built = entry.factory().create(args);
        } catch (ConfigException e) {
            if (e.configPath() != null || e.file() != null) {
                throw e;
            }
            throw new ConfigException(null, -1, path, typeName + ": " + e.detail(), e);
        } catch (IllegalArgumentException e) {
            // A factory's own value checks (say, a negative channel count) become config errors at this path.
            throw new ConfigException(null, -1, path, typeName + ": " + e.getMessage(), e);
        }
        if (built == null) {
            throw new IllegalStateException(entry.origin() + " built null for " + typeName);
        }
        if (!baseType.isInstance(built) || !expected.isInstance(built)) {
            throw ConfigException.atPath(typePath, typeName + " in registry '" + name + "' builds a "
                    + built.getClass().getName() + ", not the expected " + expected.getName());
        }
        return expected.cast(built);
    }

    /** Builds each dict of a list ({@code pipeline}, {@code custom_hooks}); errors name {@code path.i}. */
    public List<T> buildAll(List<?> cfgs, Map<String, ?> defaultArgs, String path) {
        List<T> built = new ArrayList<>(cfgs.size());
        for (int i = 0; i < cfgs.size(); i++) {
            built.add(build(cfgs.get(i), defaultArgs, ConfigValues.join(path, Integer.toString(i))));
        }
        return Collections.unmodifiableList(built);
    }

    @Override
    public String toString() {
        return "Registry(" + name + ", " + entries.size() + " entries)";
    }

    private Entry lookup(String entryName, String typePath) {
        beforeLookup.run();
        Entry entry;
        List<String> names;
        synchronized (this) {
            entry = entries.get(entryName);
            names = List.copyOf(entries.keySet());
        }
        if (entry != null) {
            return entry;
        }
        String hint = DidYouMean.hint(entryName, names);
        throw ConfigException.atPath(typePath, "unknown type '" + entryName + "' in registry '" + name + "'"
                + (hint.isEmpty() ? known() : hint));
    }

    private String known() {
        List<String> names;
        synchronized (this) {
            names = List.copyOf(entries.keySet());
        }
        if (names.isEmpty()) {
            return "; the registry is empty";
        }
        return "; registered: " + String.join(", ", names.size() > 30 ? names.subList(0, 30) : names)
                + (names.size() > 30 ? ", ..." : "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castKeys(Map<?, ?> map, String path) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw ConfigException.atPath(path, "keys must be strings, got " + ConfigValues.typeName(key));
            }
        }
        return (Map<String, ?>) map;
    }

    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Registry.class.getName()))
                .findFirst()
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .orElse("unknown"));
    }
}
