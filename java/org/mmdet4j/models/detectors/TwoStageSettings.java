package org.mmdet4j.models.detectors;

import java.util.Map;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.Registry;
import org.mmdet4j.registry.Schema;

/**
 * train_cfg and test_cfg of two-stage detectors ({@code rpn}, {@code rpn_proposal}, {@code rcnn}),
 * each section checked against the schema its native head declares in registry "settings"
 * (where their keys and defaults are written), with errors that name the config path. Two things
 * happen here first: mmdetection v2.0's proposal spellings are mapped to today's keys
 * ({@code max_num} and {@code nms_post} to {@code max_per_img}, {@code nms_thr} to
 * {@code nms.iou_threshold}, {@code nms_across_levels} only False), and every {@code nms} dict is
 * checked strictly and goes down as its IoU threshold.
 */
final class TwoStageSettings {
    /** The test settings: proposals (rpn) and final detections (rcnn). */
    record Test(NativeOptions rpn, NativeOptions rcnn) {
        NativeOptions options() {
            return new NativeOptions().nest("rpn", rpn).nest("rcnn", rcnn);
        }
    }

    /** The sections a native head reads, by their names in registry "settings". */
    private static final String RPN_TRAIN = "AnchorHead.train_cfg";
    private static final String PROPOSALS = "RPNHead.proposal_cfg";
    private static final String RCNN_TRAIN = "StandardRoIHead.train_cfg";
    private static final String RCNN_TEST = "StandardRoIHead.test_cfg";

    /** The top levels of train_cfg and test_cfg: which sections there are. */
    private static final Registry<NativeOptions> TOP_LEVELS = new Registry<>("two-stage settings",
            NativeOptions.class);

    static {
        TOP_LEVELS.register("train_cfg", ComponentFactory.of(Schema.builder()
                .required("rpn", ParamType.DICT)
                .nullable("rpn_proposal", ParamType.DICT)
                .required("rcnn", ParamType.DICT)
                .build(), args -> new NativeOptions()));
        TOP_LEVELS.register("test_cfg", ComponentFactory.of(Schema.builder()
                .nullable("rpn", ParamType.DICT)
                .nullable("rcnn", ParamType.DICT)
                .build(), args -> new NativeOptions()));
    }

    private TwoStageSettings() {
    }

    /** test_cfg at {@code path} (null: every default). */
    static Test test(ConfigDict cfg, String path) {
        ConfigDict given = cfg == null ? ConfigDict.empty() : cfg;
        TOP_LEVELS.build(given.with("type", "test_cfg"), null, path, NativeOptions.class);
        return new Test(proposals(given.get("rpn"), path + ".rpn"), withNms(given.get("rcnn"), null, RCNN_TEST,
                path + ".rcnn"));
    }

    /**
     * train_cfg at {@code path}, or null when there is none (a model for testing only). Without
     * {@code rpn_proposal} training proposals use the test settings, as in mmdetection.
     */
    static NativeOptions train(ConfigDict cfg, Test test, String path) {
        if (cfg == null) {
            return null;
        }
        TOP_LEVELS.build(cfg.with("type", "train_cfg"), null, path, NativeOptions.class);
        Object proposal = cfg.get("rpn_proposal");
        return new NativeOptions()
                .nest("rpn", section(dict(cfg.get("rpn"), path + ".rpn"), RPN_TRAIN))
                .nest("rpn_proposal", proposal == null ? test.rpn() : proposals(proposal, path + ".rpn_proposal"))
                .nest("rcnn", section(dict(cfg.get("rcnn"), path + ".rcnn"), RCNN_TRAIN));
    }

    /** RPN proposal settings at {@code path}, with mmdetection v2.0's spellings mapped to today's. */
    private static NativeOptions proposals(Object cfg, String path) {
        ConfigDict given = dict(cfg, path);
        if (given.getBool("nms_across_levels", false)) {
            throw ConfigException.atPath(path + ".nms_across_levels", "only False is supported (NMS runs per level, "
                    + "as in mmdetection v2.x)");
        }
        Integer maxPerImg = intOrNull(given, "max_per_img", path);
        maxPerImg = NmsSettings.agree(maxPerImg, intOrNull(given, "max_num", path), path + ".max_per_img", "max_num");
        maxPerImg = NmsSettings.agree(maxPerImg, intOrNull(given, "nms_post", path), path + ".max_per_img",
                "nms_post");
        Double nmsThr = given.get("nms_thr") == null ? null : ConfigDict.asDouble(given.get("nms_thr"),
                path + ".nms_thr");
        ConfigDict today = given.without("nms_across_levels").without("max_num").without("nms_post").without("nms_thr");
        if (maxPerImg != null) {
            today = today.with("max_per_img", maxPerImg);
        }
        return withNms(today, nmsThr, PROPOSALS, path);
    }

    /**
     * The section {@code kind} built from {@code cfg} at {@code path}, its {@code nms} dict (given,
     * or the schema's default) checked strictly and replaced by its IoU threshold, which must agree
     * with {@code legacyNmsThr} (mmdetection v2.0's {@code nms_thr}; null when absent).
     */
    private static NativeOptions withNms(Object cfg, Double legacyNmsThr, String kind, String path) {
        ConfigDict given = dict(cfg, path);
        NativeOptions built = section(given.without("nms"), kind);
        String declared = built.get("nms.iou_threshold");  // the schema's default nms dict
        Object nms = given.get("nms");
        double iou = NmsSettings.iouThreshold(nms, legacyNmsThr, path + ".nms",
                nms != null || declared == null ? Double.NaN : Double.parseDouble(declared));
        if (Double.isNaN(iou)) {
            throw ConfigException.atPath(path + ".nms.iou_threshold", "missing: the nms dict needs an IoU threshold");
        }
        return built.put("nms", new NativeOptions().put("iou_threshold", iou));
    }

    /** One settings dict built by the entry {@code kind} of registry "settings". */
    private static NativeOptions section(ConfigDict cfg, String kind) {
        return Registries.SETTINGS.build(cfg.with("type", kind), null, cfg.location(), NativeOptions.class);
    }

    /** A settings dict at {@code path} (null: an empty one). */
    private static ConfigDict dict(Object cfg, String path) {
        if (cfg != null && !(cfg instanceof Map<?, ?>)) {
            throw ConfigException.atPath(path, "expected a dict, got " + cfg);
        }
        return cfg == null ? ConfigDict.of(Map.of(), path) : ConfigDict.of(castKeys((Map<?, ?>) cfg), path);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castKeys(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private static Integer intOrNull(ConfigDict cfg, String key, String path) {
        Object value = cfg.get(key);
        return value == null ? null : ConfigDict.asInt(value, path + "." + key);
    }
}
