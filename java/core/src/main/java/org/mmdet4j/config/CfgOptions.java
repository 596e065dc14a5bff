package org.mmdet4j.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmdet4j.config.python.PyConfigParser;

/**
 * Command-line overrides, {@code --cfg-options model.bbox_head.num_classes=3 optimizer.lr=0.01
 * data.train.pipeline.2.img_scale=[640,480]}, with mmcv's semantics ({@code DictAction} and
 * {@code merge_from_dict(allow_list_keys=True)}).
 *
 * <p>Values are typed by what they look like: Python literals ({@code 3}, {@code 0.01},
 * {@code 1e-4}, {@code 'text'}, {@code True}, {@code None}, {@code [640,480]}, {@code (1,2)},
 * {@code dict(a=1)}) as in a Python config, plus {@code true/false/null/none} in any case;
 * brackets whose items are not all literals are split at top-level commas and each item typed
 * alone ({@code [a,b]} is two strings); a bare {@code a,b} is a list; anything else is a string.
 *
 * <p>A digit segment of the key indexes a list and must be in range. Keys that do not exist yet
 * are added, as mmcv does, except when an existing key is a likely misspelling of the new one:
 * then the override is an error with a did-you-mean hint instead of a silently unused key.
 */
public final class CfgOptions {
    private CfgOptions() {
    }

    /** Parses {@code key=value} strings, in order, into dotted keys and typed values. */
    public static LinkedHashMap<String, Object> parse(List<String> options) {
        LinkedHashMap<String, Object> parsed = new LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("override '" + option + "' is not of the form key=value");
            }
            String key = option.substring(0, eq).trim();
            for (String segment : key.split("\\.", -1)) {
                if (segment.isEmpty()) {
                    throw new ConfigException("override key '" + key + "' has an empty segment");
                }
            }
            parsed.put(key, parseValue(option.substring(eq + 1)));
        }
        return parsed;
    }

    /** The typed value of one override's right-hand side (see the class comment). */
    public static Object parseValue(String text) {
        return parseValue(text.trim(), 0);
    }

    private static Object parseValue(String text, int depth) {
        if (depth > ConfigValues.MAX_DEPTH) {
            throw new ConfigException("override value nested deeper than " + ConfigValues.MAX_DEPTH + " levels");
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "none":
            case "null":
                return null;
            default:
                break;
        }
        if (text.isEmpty()) {
            return text;
        }
        try {
            return ConfigValues.freeze(PyConfigParser.parseExpression(text), "");
        } catch (ConfigException e) {
            // Not a literal: fall through to mmcv's looser list syntax, then to a plain string.
        }
        boolean bracketed = text.length() >= 2 && (text.startsWith("[") && text.endsWith("]")
                || text.startsWith("(") && text.endsWith(")"));
        String inner = bracketed ? text.substring(1, text.length() - 1) : text;
        List<String> items = splitTopLevel(inner);
        if (!bracketed && items.size() == 1) {
            return text;
        }
        List<Object> list = new ArrayList<>();
        for (String item : items) {
            if (!item.isBlank() || items.size() == 1 && !bracketed) {
                list.add(parseValue(item.trim(), depth + 1));
            }
        }
        return list;
    }

    /** Splits at commas outside brackets and quotes. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int level = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(' || c == '{') {
                level++;
            } else if (c == ']' || c == ')' || c == '}') {
                level--;
            } else if (c == ',' && level == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** {@code tree} with each override applied in order; {@code tree} itself is not modified. */
    static LinkedHashMap<String, Object> apply(Map<String, Object> tree, Map<String, ?> overrides) {
        LinkedHashMap<String, Object> result = new LinkedHashMap<>(tree);
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            String[] segments = e.getKey().split("\\.", -1);
            checkNoMisspelling(result, segments);
            Object nested = ConfigValues.thaw(e.getValue());
            for (int i = segments.length - 1; i >= 0; i--) {
                LinkedHashMap<String, Object> level = new LinkedHashMap<>();
                level.put(segments[i], nested);
                nested = level;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> override = (Map<String, Object>) nested;
            result = ConfigMerger.merge(override, result, true, "");
        }
        return result;
    }

    /** Rejects a path that creates a key next to an existing, very similar one. */
    private static void checkNoMisspelling(Map<String, Object> tree, String[] segments) {
        Object node = tree;
        String path = "";
        for (String segment : segments) {
            path = ConfigValues.join(path, segment);
            if (node instanceof Map<?, ?> map) {
                if (!map.containsKey(segment)) {
                    List<String> keys = new ArrayList<>();
                    map.keySet().forEach(k -> keys.add((String) k));
                    String hint = DidYouMean.hint(segment, keys);
                    if (!hint.isEmpty()) {
                        throw ConfigException.atPath(path, "override names a key that does not exist" + hint);
                    }
                    return;
                }
                node = map.get(segment);
            } else if (node instanceof List<?> list) {
                int index = ConfigDict.parseIndex(segment);
                if (index < 0 || index >= list.size()) {
                    return; // the merge reports bad indices with the full path
                }
                node = list.get(index);
            } else {
                return;
            }
        }
    }
}
