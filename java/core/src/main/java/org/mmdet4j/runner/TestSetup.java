package org.mmdet4j.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;

/**
 * mmdetection's {@code init_detector}: the config's model with a checkpoint's weights, loaded
 * strictly (a checkpoint of another model is an error, not a partial load), in evaluation mode.
 */
public final class TestSetup {
    /** A model ready to predict, with its checkpoint's meta (empty when it has none). */
    public record Loaded(TrainableModel model, Map<String, Object> meta) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSetup() {
    }

    public static Loaded load(Config cfg, Path checkpoint) {
        return load(cfg, checkpoint, "fp32");
    }

    /** The model of {@code cfg} with the weights of {@code checkpoint}, predicting in {@code precision}. */
    public static Loaded load(Config cfg, Path checkpoint, String precision) {
        Path file = CheckpointFiles.resolve(checkpoint);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint not found: " + file);
        }
        TrainableModel model = TrainSetup.buildModelForCheckpoint(cfg);
        String metaJson;
        try {
            metaJson = model.loadCheckpoint(file, false);
        } catch (RuntimeException e) {
            closeQuietly(model);
            throw new IllegalArgumentException("cannot load " + file + " into the config's "
                    + cfg.getDict("model").getString("type") + ": " + e.getMessage(), e);
        }
        model.evalMode();
        try {
            model.setPrecision(precision);
        } catch (RuntimeException e) {
            closeQuietly(model);
            throw new IllegalArgumentException(e.getMessage(), e);  // the native message names the precision
        }
        return new Loaded(model, parseMeta(metaJson, file));
    }

    /**
     * The class names of a model: the checkpoint's {@code CLASSES} (what it was trained on), else
     * the config's {@code data.test.classes} or top-level {@code classes}, else {@code class_<i>}.
     */
    public static List<String> classes(Config cfg, Map<String, Object> meta, int numClasses) {
        List<String> names = new ArrayList<>();
        if (meta.get("CLASSES") instanceof List<?> list) {
            list.forEach(o -> names.add(String.valueOf(o)));
        } else if (cfg.has("data.test.classes") && cfg.at("data.test.classes") instanceof List<?> list) {
            list.forEach(o -> names.add(String.valueOf(o)));
        } else if (cfg.has("classes") && cfg.at("classes") instanceof List<?> list) {
            list.forEach(o -> names.add(String.valueOf(o)));
        }
        for (int c = names.size(); c < numClasses; c++) {
            names.add("class_" + c);
        }
        return List.copyOf(names);
    }

    /** The head's {@code num_classes}, or -1 when the config does not say. */
    public static int numClasses(ConfigDict model) {
        for (String path : List.of("bbox_head.num_classes", "roi_head.bbox_head.num_classes")) {
            if (model.has(path) && model.at(path) instanceof Number n) {
                return n.intValue();
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseMeta(String json, Path file) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": unreadable checkpoint meta: " + e.getOriginalMessage(), e);
        }
    }

    private static void closeQuietly(TrainableModel model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // The load error is what the user needs to see.
            }
        }
    }
}
