package org.mmdet4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmdet4j.config.ConfigTestFiles.dict;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDictTest {
    private final Config cfg = Config.of(dict(
            "model", dict("type", "RetinaNet", "bbox_head", dict("num_classes", 80, "in_channels", 256),
                    "neck", null),
            "optimizer", dict("lr", 0.02, "steps", List.of(8, 11), "betas", List.of(0.9, 1)),
            "log_level", "INFO",
            "debug", false));

    @Test
    void typedGettersOnDottedPaths() {
        assertEquals(80, cfg.getInt("model.bbox_head.num_classes"));
        assertEquals(0.02, cfg.getDouble("optimizer.lr"));
        assertEquals(256.0, cfg.getDouble("model.bbox_head.in_channels"), "ints widen to float");
        assertEquals("INFO", cfg.getString("log_level"));
        assertFalse(cfg.getBool("debug"));
        assertEquals(List.of(8, 11), cfg.getIntList("optimizer.steps"));
        assertEquals(List.of(0.9, 1.0), cfg.getDoubleList("optimizer.betas"));
        assertEquals(11, cfg.getInt("optimizer.steps.1"));
        assertTrue(cfg.has("model.neck"));
        assertFalse(cfg.has("model.rpn_head"));
        assertFalse(cfg.has("optimizer.steps.5"));
    }

    @Test
    void defaultsApplyWhenMissingOrNone() {
        assertEquals(4, cfg.getInt("model.bbox_head.stacked_convs", 4));
        assertEquals("none", cfg.getString("model.neck", "none"));
        assertEquals(0.9, cfg.getDouble("optimizer.momentum", 0.9));
        assertTrue(cfg.getDictOrEmpty("model.neck").isEmpty());
        assertEquals(80, cfg.getInt("model.bbox_head.num_classes", 3), "a present value beats the default");
    }

    @Test
    void errorsNameTheFullPathAndSuggest() {
        assertEquals("model.bbox_head.num_clases: no such key; did you mean 'num_classes'?",
                assertThrows(ConfigException.class, () -> cfg.getInt("model.bbox_head.num_clases")).getMessage());
        assertEquals("model.bbox_head.num_classes: expected str, got int 80",
                assertThrows(ConfigException.class, () -> cfg.getString("model.bbox_head.num_classes")).getMessage());
        assertEquals("optimizer.lr: expected int, got float 0.02",
                assertThrows(ConfigException.class, () -> cfg.getInt("optimizer.lr", 1)).getMessage());
        assertEquals("optimizer.steps.2: index 2 is out of range for a list of 2",
                assertThrows(ConfigException.class, () -> cfg.getInt("optimizer.steps.2")).getMessage());
        assertEquals("log_level: cannot look up 'x' in a str",
                assertThrows(ConfigException.class, () -> cfg.at("log_level.x")).getMessage());
        // A dict taken out of the config keeps its location for later errors.
        ConfigDict head = cfg.getDict("model.bbox_head");
        assertEquals("model.bbox_head", head.location());
        assertEquals("model.bbox_head.loss: no such key",
                assertThrows(ConfigException.class, () -> head.getDict("loss")).getMessage());
    }

    @Test
    void immutableViewAndCopies() {
        ConfigDict root = cfg.root();
        assertThrows(UnsupportedOperationException.class, () -> root.put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> cfg.getList("optimizer.steps").add(1));
        Map<String, Object> mutable = root.toMutable();
        ((Map<String, Object>) mutable.get("optimizer")).put("lr", 0.1);
        assertEquals(0.02, cfg.getDouble("optimizer.lr"));
        assertEquals(0.1, Config.of(mutable).getDouble("optimizer.lr"));
        Config changed = cfg.with("model.bbox_head.num_classes", 3);
        assertEquals(3, changed.getInt("model.bbox_head.num_classes"));
        assertEquals(80, cfg.getInt("model.bbox_head.num_classes"));
        assertEquals(changed.getDict("model").without("bbox_head"), cfg.getDict("model").without("bbox_head"));
    }

    @Test
    void valuesAreNormalizedForEquality() {
        ConfigDict a = ConfigDict.of(dict("n", 3L, "f", 1.5f, "t", new Object[] {1, "x"}));
        assertEquals(ConfigDict.of(dict("n", 3, "f", 1.5, "t", List.of(1, "x"))), a);
        assertEquals(Integer.class, a.get("n").getClass());
        assertEquals("x: keys must be strings, got int 1", assertThrows(ConfigException.class,
                () -> ConfigDict.of(dict("x", Map.of(1, 2)))).getMessage());
    }
}
