package org.mmdet4j.models.twostage;

import java.util.Map;
import java.util.TreeMap;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.models.NativeDetectorModel;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Registries;

/**
 * Builds a two-stage model config the way a user's config is built (the detector registry, then
 * the native detector, whose errors are config errors naming the path) and returns the options it
 * was built from, one line per key (the backbone's init_cfg as given), with each train_cfg / test_cfg section written out with its
 * defaults by the settings its head declares in registry "settings" (the detector hands those
 * sections to its heads, which read their defaults natively).
 */
final class TwoStageOptions {
    /** mmdetection's layout of two-stage settings: the entry of registry "settings" for each section. */
    private static final Map<String, String> SECTIONS = Map.of(
            "train_cfg.rpn", "AnchorHead.train_cfg",
            "train_cfg.rpn_proposal", "RPNHead.proposal_cfg",
            "train_cfg.rcnn", "StandardRoIHead.train_cfg",
            "test_cfg.rpn", "RPNHead.proposal_cfg",
            "test_cfg.rcnn", "StandardRoIHead.test_cfg");

    private TwoStageOptions() {
    }

    /** The options of a model dict located at {@code model}, as "key" to "value" lines. */
    static Map<String, String> of(Map<String, ?> model) {
        ConfigDict dict = model instanceof ConfigDict d ? d : ConfigDict.of(model, "model");
        Map<String, String> lines = new TreeMap<>();
        // Built without the backbone's ImageNet checkpoint (not downloaded for tests); its init_cfg
        // goes down as given.
        ConfigDict backbone = dict.getDict("backbone");
        ConfigDict withoutWeights = dict.with("backbone", backbone.without("init_cfg"));
        new NativeOptions().put("init_cfg", backbone.get("init_cfg")).asMap()
                .forEach((key, value) -> lines.put("backbone." + key, value));
        try (NativeDetectorModel built = (NativeDetectorModel) Registries.DETECTORS.build(withoutWeights, null,
                "model", Object.class)) {
            built.options().asMap().forEach((key, value) -> {
                if (!key.startsWith("model.train_cfg.") && !key.startsWith("model.test_cfg.")) {
                    lines.put(key.substring("model.".length()), value);
                }
            });
        }
        SECTIONS.forEach((section, settings) -> {
            ConfigDict given = dict.getDictOrEmpty(section);
            if (!given.isEmpty()) {
                NativeOptions resolved = Registries.SETTINGS.build(given.with("type", settings), null,
                        given.location(), NativeOptions.class);
                resolved.asMap().forEach((key, value) -> lines.put(section + "." + key, value));
            }
        });
        return lines;
    }
}
