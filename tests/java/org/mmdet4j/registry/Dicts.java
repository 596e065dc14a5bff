package org.mmdet4j.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code dict("k1", v1, "k2", v2)}: an ordered, mutable map, for writing test configs tersely. */
final class Dicts {
    private Dicts() {
    }

    static Map<String, Object> dict(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
