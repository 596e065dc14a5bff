package org.mmdet4j.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmdet4j.config.python.PyConfigParser;

/**
 * Reads a config file of any syntax and resolves its {@code _base_} inheritance into one tree.
 *
 * <p>Semantics follow mmcv's {@code Config.fromfile} (mmdetection v2): {@code _base_} is a path or
 * a list of paths, relative to the file that names them; each base is loaded recursively; the
 * bases are combined and must not share a top-level key; then the file's own keys are deep-merged
 * over them (see {@link ConfigMerger}). Bases may use a different syntax than the file. A cycle
 * is an error that lists the chain of files.
 */
final class ConfigLoader {
    /**
     * Largest config file accepted. mmdetection's configs are a few kilobytes; a file of megabytes
     * is almost always something else (an annotation file passed by mistake), and rejecting it
     * up front keeps every failure fast.
     */
    static final int MAX_CONFIG_BYTES = 4 * 1024 * 1024;

    static final String BASE_KEY = "_base_";

    private ConfigLoader() {
    }

    /** The merged tree of {@code file}, as mutable maps and lists. */
    static LinkedHashMap<String, Object> load(Path file) {
        return load(file.toAbsolutePath().normalize(), new ArrayDeque<>());
    }

    /** The merged tree of config text; its {@code _base_} paths are relative to {@code dir}. */
    static LinkedHashMap<String, Object> loadText(String text, ConfigFormat format, Path dir) {
        checkSize(text.length(), null);
        LinkedHashMap<String, Object> tree = parse(text, format, null);
        return resolveBases(tree, text, format, null, dir.toAbsolutePath().normalize(), new ArrayDeque<>());
    }

    private static LinkedHashMap<String, Object> load(Path file, Deque<Path> chain) {
        String text = read(file);
        ConfigFormat format = ConfigFormat.of(file);
        LinkedHashMap<String, Object> tree = parse(text, format, file);
        chain.push(realPath(file));
        try {
            return resolveBases(tree, text, format, file, file.getParent(), chain);
        } finally {
            chain.pop();
        }
    }

    private static LinkedHashMap<String, Object> resolveBases(LinkedHashMap<String, Object> tree, String text,
                                                              ConfigFormat format, Path file, Path dir,
                                                              Deque<Path> chain) {
        if (!tree.containsKey(BASE_KEY)) {
            return tree;
        }
        int line = lineOfBase(text, format);
        Object spec = tree.remove(BASE_KEY);
        List<String> bases = new ArrayList<>();
        if (spec instanceof String s) {
            bases.add(s);
        } else if (spec instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            list.forEach(item -> bases.add((String) item));
        } else {
            throw ConfigException.inFile(file, line, "_base_ must be a file path or a list of file paths, got "
                    + ConfigValues.typeName(spec));
        }
        LinkedHashMap<String, Object> combined = new LinkedHashMap<>();
        Map<String, String> keySource = new LinkedHashMap<>();
        for (String base : bases) {
            Path resolved = dir.resolve(base).normalize();
            if (!Files.isRegularFile(resolved)) {
                throw ConfigException.inFile(file, line, "base config '" + base + "' not found (looked for "
                        + resolved + ")");
            }
            if (chain.contains(realPath(resolved))) {
                List<String> cycle = new ArrayList<>();
                chain.descendingIterator().forEachRemaining(p -> cycle.add(p.toString()));
                cycle.add(resolved.toString());
                throw ConfigException.inFile(file, line, "_base_ cycle: " + String.join(" -> ", cycle));
            }
            LinkedHashMap<String, Object> baseTree = load(resolved, chain);
            for (Map.Entry<String, Object> e : baseTree.entrySet()) {
                String previous = keySource.putIfAbsent(e.getKey(), base);
                if (previous != null) {
                    throw ConfigException.inFile(file, line, "key '" + e.getKey() + "' is defined by two bases, '"
                            + previous + "' and '" + base + "'; a top-level key may come from one base only");
                }
                combined.put(e.getKey(), e.getValue());
            }
        }
        try {
            return ConfigMerger.merge(tree, combined, false, "");
        } catch (ConfigException e) {
            throw e.withFileIfAbsent(file);
        }
    }

    /** One file's own tree, without resolving {@code _base_}. */
    private static LinkedHashMap<String, Object> parse(String text, ConfigFormat format, Path file) {
        Object parsed = switch (format) {
            case YAML -> YamlConfigReader.read(text, file);
            case JSON -> JsonConfigReader.read(text, file);
            case PYTHON -> PyConfigParser.parseFile(text, file);
        };
        if (parsed == null) {
            return new LinkedHashMap<>();
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw ConfigException.inFile(file, 1, "the top level of a config must be a mapping of names to "
                    + "values, got " + ConfigValues.typeName(parsed));
        }
        try {
            // freeze checks every value and key type; thaw makes an unshared mutable copy to merge.
            @SuppressWarnings("unchecked")
            LinkedHashMap<String, Object> tree = (LinkedHashMap<String, Object>) ConfigValues.thaw(
                    ConfigValues.freeze(parsed, ""));
            return tree;
        } catch (ConfigException e) {
            throw e.withFileIfAbsent(file);
        }
    }

    private static String read(Path file) {
        try {
            checkSize(Files.size(file), file);
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw ConfigException.inFile(file, -1, "config file not found");
        } catch (CharacterCodingException e) {
            throw ConfigException.inFile(file, -1, "config file is not valid UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file, -1, null, "cannot read config file: " + e, e);
        }
    }

    private static void checkSize(long size, Path file) {
        if (size > MAX_CONFIG_BYTES) {
            throw ConfigException.inFile(file, -1, String.format(
                    "config is %.1f MB, larger than the %d MB limit (is this an annotation file rather than a config?)",
                    size / 1048576.0, MAX_CONFIG_BYTES / 1048576));
        }
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file;
        }
    }

    private static final Pattern YAML_BASE = Pattern.compile("^[\"']?_base_[\"']?\\s*:", Pattern.MULTILINE);

    /** The line that sets {@code _base_}, for error messages about bases; -1 when not found. */
    private static int lineOfBase(String text, ConfigFormat format) {
        if (format == ConfigFormat.PYTHON) {
            return PyConfigParser.lineOf(text, BASE_KEY);
        }
        Matcher m = format == ConfigFormat.YAML ? YAML_BASE.matcher(text) : Pattern.compile("\"_base_\"").matcher(text);
        if (!m.find()) {
            return -1;
        }
        int line = 1;
        for (int i = 0; i < m.start(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
