package org.mmdet4j.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole experiment's configuration — model, data, schedule, runtime — merged from a file and
 * its {@code _base_} chain, with command-line overrides applied. Immutable: every change makes
 * a new {@code Config}.
 *
 * <pre>{@code
 * Config cfg = Config.fromFile(Path.of("configs/retinanet/retinanet_r50_fpn_1x_coco.py"),
 *         List.of("model.bbox_head.num_classes=3", "optimizer.lr=0.01"));
 * int classes = cfg.getInt("model.bbox_head.num_classes");        // 3
 * double lr = cfg.getDouble("optimizer.lr");                        // 0.01
 * Object model = Registries.DETECTORS.build(cfg.getDict("model"));  // errors name model.*
 * String yaml = cfg.dump(ConfigFormat.YAML);
 * }</pre>
 *
 * <p>Files are YAML ({@code .yaml}, {@code .yml}), JSON ({@code .json}) or mmdetection-style
 * Python ({@code .py}, a safe subset; see {@link org.mmdet4j.config.python.PyConfigParser}).
 * Every problem is a {@link ConfigException} naming the file and line, or the config path.
 * Getters take dotted paths whose digit segments index lists; see {@link ConfigDict}.
 */
public final class Config {
    private final ConfigDict root;
    private final Path file;

    private Config(ConfigDict root, Path file) {
        this.root = root;
        this.file = file;
    }

    /** Loads {@code file} and its bases. */
    public static Config fromFile(Path file) {
        return fromFile(file, List.of());
    }

    /** Loads {@code file} and its bases, then applies {@code key=value} overrides in order. */
    public static Config fromFile(Path file, List<String> cfgOptions) {
        LinkedHashMap<String, Object> tree = ConfigLoader.load(file);
        Path source = file.toAbsolutePath().normalize();
        if (!cfgOptions.isEmpty()) {
            tree = CfgOptions.apply(tree, CfgOptions.parse(cfgOptions));
        }
        return new Config(ConfigDict.of(tree), source);
    }

    /** Parses config text; {@code _base_} paths are resolved against the working directory. */
    public static Config fromString(String text, ConfigFormat format) {
        return fromString(text, format, Path.of(""));
    }

    /** Parses config text; {@code _base_} paths are resolved against {@code baseDir}. */
    public static Config fromString(String text, ConfigFormat format, Path baseDir) {
        return new Config(ConfigDict.of(ConfigLoader.loadText(text, format, baseDir)), null);
    }

    /** A config holding a copy of {@code map}, converted to config values. */
    public static Config of(Map<String, ?> map) {
        return new Config(ConfigDict.of(map), null);
    }

    /** The file this config was loaded from (absolute), or null. */
    public Path file() {
        return file;
    }

    /** The merged tree. */
    public ConfigDict root() {
        return root;
    }

    // ---- copies with changes ----

    /** A copy with {@code key=value} overrides applied, as {@code --cfg-options} does. */
    public Config withOptions(List<String> cfgOptions) {
        return withOverrides(CfgOptions.parse(cfgOptions));
    }

    public Config withOptions(String... cfgOptions) {
        return withOptions(Arrays.asList(cfgOptions));
    }

    /**
     * A copy with each dotted key set to its value, in order. Values are Java values (maps,
     * lists, numbers, strings, booleans, null); a map value merges into a dict already there.
     */
    public Config withOverrides(Map<String, ?> dottedKeysToValues) {
        return new Config(ConfigDict.of(CfgOptions.apply(root.toMutable(), dottedKeysToValues)), file);
    }

    /** A copy with one dotted key set to {@code value}. */
    public Config with(String dottedKey, Object value) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(dottedKey, value);
        return withOverrides(one);
    }

    // ---- output ----

    /** The merged config as text in {@code format}. */
    public String dump(ConfigFormat format) {
        return ConfigDumper.dump(root, format);
    }

    /** Writes the merged config to {@code out}, in the format of its extension. */
    public void dump(Path out) {
        String text = dump(ConfigFormat.of(out));
        try {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(out, -1, null, "cannot write config: " + e, e);
        }
    }

    // ---- typed access on dotted paths (see ConfigDict) ----

    public boolean has(String path) {
        return root.has(path);
    }

    public Object at(String path) {
        return root.at(path);
    }

    public Object at(String path, Object fallback) {
        return root.at(path, fallback);
    }

    public int getInt(String path) {
        return root.getInt(path);
    }

    public int getInt(String path, int fallback) {
        return root.getInt(path, fallback);
    }

    public long getLong(String path) {
        return root.getLong(path);
    }

    public long getLong(String path, long fallback) {
        return root.getLong(path, fallback);
    }

    public double getDouble(String path) {
        return root.getDouble(path);
    }

    public double getDouble(String path, double fallback) {
        return root.getDouble(path, fallback);
    }

    public boolean getBool(String path) {
        return root.getBool(path);
    }

    public boolean getBool(String path, boolean fallback) {
        return root.getBool(path, fallback);
    }

    public String getString(String path) {
        return root.getString(path);
    }

    public String getString(String path, String fallback) {
        return root.getString(path, fallback);
    }

    public ConfigDict getDict(String path) {
        return root.getDict(path);
    }

    public ConfigDict getDictOrEmpty(String path) {
        return root.getDictOrEmpty(path);
    }

    public List<Object> getList(String path) {
        return root.getList(path);
    }

    public List<Integer> getIntList(String path) {
        return root.getIntList(path);
    }

    public List<Double> getDoubleList(String path) {
        return root.getDoubleList(path);
    }

    public List<String> getStringList(String path) {
        return root.getStringList(path);
    }

    /** Configs are equal when their merged trees are; the source file does not matter. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Config other && root.equals(other.root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root);
    }

    /** The merged config as YAML. */
    @Override
    public String toString() {
        return dump(ConfigFormat.YAML);
    }
}
