package org.mmdet4j.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.config.ConfigValues;
import org.mmdet4j.config.DidYouMean;

/**
 * Checks a component's config against its {@link Schema} and turns it into {@link Args}:
 * rejects unknown keys, missing required keys, wrong types and values outside the choices,
 * fills in defaults and builds nested components. Every error names the config path, the
 * component and its registry.
 */
final class ArgBinder {
    private ArgBinder() {
    }

    static Args bind(Schema schema, Map<String, Object> given, Set<String> fromDefaults, String path,
                     String typeName, Registry<?> registry) {
        String owner = " for " + typeName + " in registry '" + registry.name() + "'";
        LinkedHashMap<String, Object> extra = new LinkedHashMap<>();
        for (String key : given.keySet()) {
            if (schema.param(key) != null) {
                continue;
            }
            if (schema.allowsExtraKeys()) {
                extra.put(key, given.get(key));
                continue;
            }
            String hint = DidYouMean.hint(key, schema.params().keySet());
            if (hint.isEmpty()) {
                hint = schema.params().isEmpty() ? "; it accepts no keys besides 'type'"
                        : "; accepted keys: " + String.join(", ", schema.params().keySet());
            }
            String origin = fromDefaults.contains(key) ? " (passed as a default argument)" : "";
            throw ConfigException.atPath(ConfigValues.join(path, key), "unknown key" + origin + owner + hint);
        }
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        for (Param param : schema.params().values()) {
            String keyPath = ConfigValues.join(path, param.name());
            Object value;
            if (given.containsKey(param.name())) {
                value = given.get(param.name());
            } else if (param.required()) {
                throw ConfigException.atPath(path, "missing required key '" + param.name() + "' ("
                        + param.type().display() + ")" + owner);
            } else {
                value = param.defaultValue();
            }
            values.put(param.name(), convert(param, value, keyPath, owner));
        }
        return new Args(typeName, path, registry, values, ConfigDict.of(extra, path));
    }

    private static Object convert(Param param, Object value, String path, String owner) {
        if (value == null) {
            if (param.nullable()) {
                return null;
            }
            throw ConfigException.atPath(path, "None is not allowed, expected " + param.type().display() + owner);
        }
        if (!param.choices().isEmpty()) {
            if (!param.choices().contains(value)) {
                List<String> names = param.choices().stream().map(String::valueOf).toList();
                String hint = DidYouMean.hint(String.valueOf(value), names);
                throw ConfigException.atPath(path, "invalid value " + ConfigValues.brief(value) + owner
                        + "; expected one of " + param.choices().stream().map(ConfigValues::brief).toList() + hint);
            }
            return value;
        }
        switch (param.type()) {
            case INT:
                return ConfigDict.asInt(checked(value, Integer.class, param, path, owner), path);
            case FLOAT:
                if (value instanceof Boolean) {
                    throw wrongType(param, value, path, owner);
                }
                return ConfigDict.asDouble(checked(value, Number.class, param, path, owner), path);
            case BOOL:
                return checked(value, Boolean.class, param, path, owner);
            case STR:
                return checked(value, String.class, param, path, owner);
            case LIST:
                return checked(value, List.class, param, path, owner);
            case INT_LIST:
            case FLOAT_LIST:
            case STR_LIST:
                return convertList(param, checked(value, List.class, param, path, owner), path, owner);
            case DICT:
                return checked(value, ConfigDict.class, param, path, owner);
            case ANY:
                return value;
            case COMPONENT:
                return param.registry().build(checked(value, Map.class, param, path, owner), null, path, Object.class);
            case COMPONENTS:
                if (!(value instanceof List<?>)) {
                    return param.registry().build(checked(value, Map.class, param, path, owner), null, path,
                            Object.class);
                }
                // fall through: a list, built item by item
            case COMPONENT_LIST: {
                List<?> cfgs = checked(value, List.class, param, path, owner);
                List<Object> built = new ArrayList<>(cfgs.size());
                for (int i = 0; i < cfgs.size(); i++) {
                    built.add(param.registry().build(cfgs.get(i), null, path + "." + i, Object.class));
                }
                return Collections.unmodifiableList(built);
            }
            default:
                throw new AssertionError(param.type());
        }
    }

    private static List<Object> convertList(Param param, List<?> list, String path, String owner) {
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String itemPath = path + "." + i;
            boolean ok = switch (param.type()) {
                case INT_LIST -> item instanceof Integer;
                case FLOAT_LIST -> item instanceof Integer || item instanceof Long || item instanceof Double;
                default -> item instanceof String;
            };
            if (!ok) {
                throw ConfigException.atPath(itemPath, "expected " + param.type().display() + ", but item is "
                        + ConfigValues.typeName(item) + " " + ConfigValues.brief(item) + owner);
            }
            out.add(param.type() == ParamType.FLOAT_LIST ? ((Number) item).doubleValue() : item);
        }
        return Collections.unmodifiableList(out);
    }

    private static <T> T checked(Object value, Class<T> type, Param param, String path, String owner) {
        if (!type.isInstance(value)) {
            throw wrongType(param, value, path, owner);
        }
        return type.cast(value);
    }

    private static ConfigException wrongType(Param param, Object value, String path, String owner) {
        return ConfigException.atPath(path, "expected " + param.type().display() + ", got "
                + ConfigValues.typeName(value) + " " + ConfigValues.brief(value) + owner);
    }
}
