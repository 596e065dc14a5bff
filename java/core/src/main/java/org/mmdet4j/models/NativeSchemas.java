package org.mmdet4j.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.Schema;

/**
 * Java {@link Schema}s from the native catalog (native/registry/schema.h): the keys, types,
 * defaults and choices a native component declares beside its constructor, so that the Java
 * registry validates its configs without repeating any of them.
 */
final class NativeSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeSchemas() {
    }

    /** One native component of the catalog. */
    record Component(String registry, String name, String doc, Schema schema, List<KeyDoc> keys) {
    }

    /** The one-line doc of a key. */
    record KeyDoc(String name, String doc) {
    }

    /** The components of a catalog document ({"components": [...]}). */
    static List<Component> parse(String catalog) {
        JsonNode root;
        try {
            root = JSON.readTree(catalog);
        } catch (Exception e) {
            throw new IllegalStateException("the native component catalog is not valid JSON: " + e.getMessage(), e);
        }
        List<Component> components = new ArrayList<>();
        for (JsonNode c : root.path("components")) {
            Schema.Builder schema = Schema.builder();
            List<KeyDoc> docs = new ArrayList<>();
            for (JsonNode key : c.path("keys")) {
                add(schema, key);
                docs.add(new KeyDoc(key.path("name").asText(), key.path("doc").asText()));
            }
            components.add(new Component(c.path("registry").asText(), c.path("name").asText(), c.path("doc").asText(),
                    schema.build(), docs));
        }
        return components;
    }

    private static void add(Schema.Builder schema, JsonNode key) {
        String name = key.path("name").asText();
        boolean required = key.path("required").asBoolean();
        Object defaultValue = value(key.get("default"));
        if (key.has("choices")) {
            List<Object> choices = new ArrayList<>();
            key.get("choices").forEach(choice -> choices.add(value(choice)));
            schema.choice(name, defaultValue, choices.toArray());
            return;
        }
        String type = key.path("type").asText();
        if (type.equals("component")) {
            var registry = Registries.byName(key.path("registry").asText());
            if (required) {
                schema.component(name, registry);
            } else {
                @SuppressWarnings("unchecked")
                var cfg = (java.util.Map<String, ?>) defaultValue;
                schema.optionalComponent(name, registry, cfg);
            }
            return;
        }
        if (type.equals("components")) {
            schema.components(name, Registries.byName(key.path("registry").asText()), required);
            return;
        }
        ParamType paramType = switch (type) {
            case "int" -> ParamType.INT;
            case "float" -> ParamType.FLOAT;
            case "bool" -> ParamType.BOOL;
            case "str" -> ParamType.STR;
            case "int_list" -> ParamType.INT_LIST;
            case "float_list" -> ParamType.FLOAT_LIST;
            case "str_list" -> ParamType.STR_LIST;
            case "dict" -> ParamType.DICT;
            case "any" -> ParamType.ANY;
            default -> throw new IllegalStateException("native key " + name + " has an unknown type '" + type + "'");
        };
        if (required) {
            schema.required(name, paramType);
        } else {
            schema.optional(name, paramType, defaultValue);
        }
    }

    /** A JSON value as the config values Java uses (Integer, Double, Boolean, String, List, Map). */
    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isInt()) {
            return node.intValue();
        }
        return JSON.convertValue(node, Object.class);
    }
}
