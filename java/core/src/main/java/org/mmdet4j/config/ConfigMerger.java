package org.mmdet4j.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep merge of one config tree into another, with mmcv's rules ({@code Config._merge_a_into_b}):
 * a dict merges key by key into a dict; any other value replaces; a dict carrying
 * {@code _delete_=True} replaces instead of merging. With list keys allowed (command-line
 * overrides), a digit key indexes into a list: {@code pipeline.2.img_scale}.
 *
 * <p>Inputs are never modified. {@code _delete_} keys are removed from the result wherever they
 * are, including in dicts that had nothing to merge with (mmcv leaves those in place).
 */
final class ConfigMerger {
    static final String DELETE_KEY = "_delete_";

    private ConfigMerger() {
    }

    /** {@code child} merged over {@code base}; errors name the dotted path below {@code path}. */
    @SuppressWarnings("unchecked")
    static LinkedHashMap<String, Object> merge(Map<String, Object> child, Map<String, Object> base,
                                               boolean allowListKeys, String path) {
        return (LinkedHashMap<String, Object>) mergeInto(child, base, allowListKeys, path);
    }

    private static Object mergeInto(Map<String, Object> a, Object b, boolean allowListKeys, String path) {
        if (b instanceof List<?> list && allowListKeys) {
            List<Object> result = new ArrayList<>(list);
            for (Map.Entry<String, Object> e : a.entrySet()) {
                if (e.getKey().equals(DELETE_KEY)) {
                    continue;
                }
                String here = ConfigValues.join(path, e.getKey());
                int index = ConfigDict.parseIndex(e.getKey());
                if (index < 0) {
                    throw ConfigException.atPath(here, "a list is indexed by a number, got '" + e.getKey() + "'");
                }
                if (index >= result.size()) {
                    throw ConfigException.atPath(here, "index " + index + " is out of range for a list of "
                            + result.size());
                }
                result.set(index, mergeValue(e.getValue(), result.get(index), true, allowListKeys, here));
            }
            return result;
        }
        @SuppressWarnings("unchecked")
        LinkedHashMap<String, Object> result = new LinkedHashMap<>((Map<String, Object>) b);
        for (Map.Entry<String, Object> e : a.entrySet()) {
            if (e.getKey().equals(DELETE_KEY)) {
                continue;
            }
            String here = ConfigValues.join(path, e.getKey());
            boolean present = result.containsKey(e.getKey());
            result.put(e.getKey(), mergeValue(e.getValue(), result.get(e.getKey()), present, allowListKeys, here));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object mergeValue(Object value, Object existing, boolean present, boolean allowListKeys,
                                     String path) {
        if (!(value instanceof Map<?, ?> map) || !present || deleteFlag(map, path)) {
            return strip(value, path);
        }
        if (existing instanceof Map<?, ?> || (allowListKeys && existing instanceof List<?>)) {
            return mergeInto((Map<String, Object>) map, existing, allowListKeys, path);
        }
        String there = existing == null ? "None" : "the " + ConfigValues.typeName(existing) + " "
                + ConfigValues.brief(existing);
        throw ConfigException.atPath(path, "cannot merge a dict into " + there
                + " already there; set _delete_=True in the dict to replace it");
    }

    private static boolean deleteFlag(Map<?, ?> map, String path) {
        Object flag = map.get(DELETE_KEY);
        if (flag == null) {
            return false;
        }
        if (flag instanceof Boolean b) {
            return b;
        }
        throw ConfigException.atPath(ConfigValues.join(path, DELETE_KEY), "expected True or False, got "
                + ConfigValues.typeName(flag) + " " + ConfigValues.brief(flag));
    }

    /** A copy of {@code value} without {@code _delete_} keys (each checked to be a bool). */
    private static Object strip(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            deleteFlag(map, path);
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = (String) e.getKey();
                if (!key.equals(DELETE_KEY)) {
                    copy.put(key, strip(e.getValue(), ConfigValues.join(path, key)));
                }
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(strip(list.get(i), ConfigValues.join(path, Integer.toString(i))));
            }
            return copy;
        }
        return value;
    }
}
