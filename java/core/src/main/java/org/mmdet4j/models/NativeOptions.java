package org.mmdet4j.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options a native component is built from: one JSON document (see native/core/options.h).
 * A registered factory checks its config against its schema and returns its options; the
 * detector's factory nests them under "backbone", "neck", ... Keys may be dotted
 * ({@code put("nms.iou_threshold", 0.5)} writes {@code {"nms": {"iou_threshold": 0.5}}}).
 */
public final class NativeOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();

    /**
     * Sets key to value: numbers, booleans, strings, lists and maps (a config dict) become their
     * JSON form, another NativeOptions a nested object; null is skipped.
     */
    public NativeOptions put(String key, Object value) {
        if (value == null) {
            return this;
        }
        String[] parts = key.split("\\.", -1);
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i])
                    : node.putObject(parts[i]);
        }
        JsonNode json = value instanceof NativeOptions o ? o.root.deepCopy() : json(value);
        node.set(parts[parts.length - 1], json);
        return this;
    }

    /** A value as JSON; a list of built components (neck=[FPN, BFP]) as an array of their options. */
    private static JsonNode json(Object value) {
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(NativeOptions.class::isInstance)) {
            ArrayNode array = JSON.createArrayNode();
            list.forEach(item -> array.add(((NativeOptions) item).root.deepCopy()));
            return array;
        }
        return JSON.valueToTree(value);
    }

    /** Copies every option of {@code child} under {@code prefix}. */
    public NativeOptions nest(String prefix, NativeOptions child) {
        return child == null ? this : put(prefix, child);
    }

    /** The value at a dotted key in its text form (lists comma-separated), or null. */
    public String get(String key) {
        JsonNode node = root;
        for (String part : key.split("\\.", -1)) {
            node = node == null ? null : listOfObjects(node) && part.matches("\\d+") ? node.get(Integer.parseInt(part))
                    : node.get(part);
        }
        return node == null || node.isNull() || node.isObject() || listOfObjects(node) ? null : text(node);
    }

    /** Every value by dotted key in its text form, sorted by key. */
    public Map<String, String> asMap() {
        Map<String, String> flat = new TreeMap<>();
        flatten(root, "", flat);
        return flat;
    }

    /** The JSON document the native side parses. */
    public String toText() {
        return root.toString();
    }

    /** A copy of the document. */
    public ObjectNode toJson() {
        return root.deepCopy();
    }

    @Override
    public String toString() {
        return toText();
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                flatten(e.getValue(), key, out);
            } else if (listOfObjects(e.getValue())) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    flatten(e.getValue().get(i), key + "." + i, out);
                }
            } else if (!e.getValue().isNull()) {
                out.put(key, text(e.getValue()));
            }
        }
    }

    /** A list of component options (neck=[FPN, BFP]), whose items are keyed by index ("neck.1.type"). */
    private static boolean listOfObjects(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isObject()) {
                return false;
            }
        }
        return true;
    }

    /** Java's text of the value: 8.0 for a float, 3 for an int, lists joined with commas. */
    private static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : node) {
                sb.append(sb.length() == 0 ? "" : ",").append(text(item));
            }
            return sb.toString();
        }
        if (node.isIntegralNumber()) {
            return Long.toString(node.longValue());
        }
        if (node.isNumber()) {
            return Double.toString(node.doubleValue());
        }
        return node.asText();
    }
}
