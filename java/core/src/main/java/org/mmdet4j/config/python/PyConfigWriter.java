package org.mmdet4j.config.python;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmdet4j.config.ConfigException;

/**
 * Writes a config tree in mmdetection's Python style: one {@code name = value} per top-level key,
 * {@code dict(key=value)} for dicts whose keys are identifiers ({@code {'key': value}} otherwise),
 * short collections on one line and longer ones one item per line with four-space indents. The
 * output is accepted by {@link PyConfigParser} and by Python itself.
 */
public final class PyConfigWriter {
    private static final int LINE_WIDTH = 79;
    private static final Set<String> RESERVED = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield");

    private PyConfigWriter() {
    }

    /** The Python text of a config's top-level dict. */
    public static String write(Map<String, ?> config) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            if (!isIdentifier(e.getKey())) {
                throw ConfigException.atPath(e.getKey(), "a top-level key must be a Python identifier to be "
                        + "written as a Python config");
            }
            String prefix = e.getKey() + " = ";
            sb.append(prefix).append(value(e.getValue(), "", prefix.length(), e.getKey())).append('\n');
        }
        return sb.toString();
    }

    /**
     * Renders {@code v}; {@code used} is how many columns the current line already has. A
     * collection goes on one line when that fits, else one item per line.
     */
    private static String value(Object v, String indent, int used, String path) {
        if (!(v instanceof Map<?, ?>) && !(v instanceof List<?>)) {
            return scalar(v, path);
        }
        String flat = flat(v, path);
        if (fits(flat, used)) {
            return flat;
        }
        String inner = indent + "    ";
        StringBuilder tall = new StringBuilder();
        if (v instanceof Map<?, ?> map) {
            boolean call = isCall(map);
            tall.append(call ? "dict(" : "{").append('\n');
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String lead = lead(map, (String) e.getKey(), call);
                tall.append(inner).append(lead)
                        .append(value(e.getValue(), inner, inner.length() + lead.length(), path + "." + e.getKey()))
                        .append(",\n");
            }
            return tall.append(indent).append(call ? ")" : "}").toString();
        }
        List<?> list = (List<?>) v;
        tall.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            tall.append(inner).append(value(list.get(i), inner, inner.length(), path + "." + i)).append(",\n");
        }
        return tall.append(indent).append(']').toString();
    }

    /** The whole value on one line. */
    private static String flat(Object v, String path) {
        StringBuilder sb = new StringBuilder();
        if (v instanceof Map<?, ?> map) {
            boolean call = isCall(map);
            sb.append(call ? "dict(" : "{");
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(first ? "" : ", ").append(lead(map, (String) e.getKey(), call))
                        .append(flat(e.getValue(), path + "." + e.getKey()));
                first = false;
            }
            return sb.append(call ? ")" : "}").toString();
        }
        if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(flat(list.get(i), path + "." + i));
            }
            return sb.append(']').toString();
        }
        return scalar(v, path);
    }

    private static boolean isCall(Map<?, ?> map) {
        return map.keySet().stream().allMatch(k -> isIdentifier((String) k));
    }

    private static String lead(Map<?, ?> map, String key, boolean call) {
        return call ? key + "=" : quote(key) + ": ";
    }

    private static boolean fits(CharSequence flat, int used) {
        return used + flat.length() <= LINE_WIDTH && flat.chars().noneMatch(c -> c == '\n');
    }

    private static String scalar(Object v, String path) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw ConfigException.atPath(path, "the float " + d + " cannot be written in a Python config");
            }
            return d.toString();
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof String s) {
            return quote(s);
        }
        throw ConfigException.atPath(path, "cannot write a " + v.getClass().getSimpleName() + " in a Python config");
    }

    /** A single-quoted Python string literal, escaped like Python's repr. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('\'').toString();
    }

    static boolean isIdentifier(String key) {
        if (key.isEmpty() || RESERVED.contains(key) || !(Character.isLetter(key.charAt(0)) || key.charAt(0) == '_')) {
            return false;
        }
        return key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }
}
