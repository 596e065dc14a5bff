package org.mmdet4j.models.detectors;

import java.util.Map;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.Registry;
import org.mmdet4j.registry.Schema;

/**
 * train_cfg and test_cfg of two-stage detectors ({@code rpn}, {@code rpn_proposal}, {@code rcnn}),
 * checked with the registry machinery so that their errors name the config path. {@code rpn} and
 * {@code rcnn} are checked against the schemas their native heads declare (registry "settings");
 * the proposal settings are checked here because the spellings of mmdetection v2.0 are accepted
 * and mapped: {@code max_num} and {@code nms_post} to {@code max_per_img}, {@code nms_thr} to
 * {@code nms.iou_threshold}.
 */
final class TwoStageSettings {
    /** The test settings: proposals (rpn) and final detections (rcnn). */
    record Test(NativeOptions rpn, NativeOptions rcnn) {
        NativeOptions options() {
            return new NativeOptions().nest("rpn", rpn).nest("rcnn", rcnn);
        }
    }

    private static final Registry<NativeOptions> SETTINGS = new Registry<>("two-stage settings",
            NativeOptions.class);

    /** The native heads' settings schemas (registry "settings"): their keys and defaults are declared there. */
    private static final String RPN_TRAIN = "AnchorHead.train_cfg";
    private static final String RCNN_TRAIN = "StandardRoIHead.train_cfg";
    private static final String RCNN_TEST = "StandardRoIHead.test_cfg";

    static {
        SETTINGS.register("proposals", ComponentFactory.of(Schema.builder()
                .optional("nms_pre", ParamType.INT, 1000)
                .nullable("max_per_img", ParamType.INT)
                .nullable("max_num", ParamType.INT)
                .nullable("nms_post", ParamType.INT)
                .nullable("nms", ParamType.DICT)
                .nullable("nms_thr", ParamType.FLOAT)
                .optional("min_bbox_size", ParamType.FLOAT, 0.0)
                .optional("nms_across_levels", ParamType.BOOL, false)
                .build(), TwoStageSettings::proposals));
        // The top levels only check their keys; each section is built above with its own path.
        SETTINGS.register("train_cfg", ComponentFactory.of(Schema.builder()
                .required("rpn", ParamType.DICT)
                .nullable("rpn_proposal", ParamType.DICT)
                .required("rcnn", ParamType.DICT)
                .build(), args -> new NativeOptions()));
        SETTINGS.register("test_cfg", ComponentFactory.of(Schema.builder()
                .nullable("rpn", ParamType.DICT)
                .nullable("rcnn", ParamType.DICT)
                .build(), args -> new NativeOptions()));
    }

    private TwoStageSettings() {
    }

    /** test_cfg at {@code path} (null: every default). */
    static Test test(ConfigDict cfg, String path) {
        ConfigDict given = cfg == null ? ConfigDict.empty() : cfg;
        section(given, SETTINGS, "test_cfg", path);
        String rcnnPath = path + ".rcnn";
        NativeOptions rcnn = section(given.get("rcnn"), Registries.SETTINGS, RCNN_TEST, rcnnPath);
        // The nms dict is checked strictly and goes down as its IoU threshold alone.
        ConfigDict rcnnGiven = dict(given.get("rcnn"), rcnnPath);
        String declared = rcnn.get("nms.iou_threshold");  // given, or the schema's default dict's
        double iou = NmsSettings.iouThreshold(rcnnGiven.get("nms"), null, rcnnPath + ".nms",
                declared == null ? Double.NaN : Double.parseDouble(declared));
        if (Double.isNaN(iou)) {
            throw ConfigException.atPath(rcnnPath + ".nms.iou_threshold", "missing: the nms dict needs an IoU threshold");
        }
        return new Test(section(given.get("rpn"), SETTINGS, "proposals", path + ".rpn"),
                rcnn.put("nms", new NativeOptions().put("iou_threshold", iou)));
    }

    /**
     * train_cfg at {@code path}, or null when there is none (a model for testing only). Without
     * {@code rpn_proposal} training proposals use the test settings, as in mmdetection.
     */
    static NativeOptions train(ConfigDict cfg, Test test, String path) {
        if (cfg == null) {
            return null;
        }
        section(cfg, SETTINGS, "train_cfg", path);
        Object proposal = cfg.get("rpn_proposal");
        return new NativeOptions()
                .nest("rpn", section(cfg.get("rpn"), Registries.SETTINGS, RPN_TRAIN, path + ".rpn"))
                .nest("rpn_proposal", proposal == null ? test.rpn()
                        : section(proposal, SETTINGS, "proposals", path + ".rpn_proposal"))
                .nest("rcnn", section(cfg.get("rcnn"), Registries.SETTINGS, RCNN_TRAIN, path + ".rcnn"));
    }

    /** One settings dict (null: all defaults) built by the entry {@code kind} of {@code registry}. */
    private static NativeOptions section(Object cfg, Registry<?> registry, String kind, String path) {
        return registry.build(dict(cfg, path).with("type", kind), null, path, NativeOptions.class);
    }

    /** A settings dict at {@code path} (null: an empty one). */
    private static ConfigDict dict(Object cfg, String path) {
        if (cfg != null && !(cfg instanceof Map<?, ?>)) {
            throw ConfigException.atPath(path, "expected a dict, got " + cfg);
        }
        return cfg == null ? ConfigDict.empty() : ConfigDict.of(castKeys((Map<?, ?>) cfg), path);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castKeys(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    /** RPN proposal settings, with mmdetection v2.0's spellings mapped to today's. */
    private static NativeOptions proposals(Args args) {
        if (args.getBool("nms_across_levels")) {
            throw ConfigException.atPath(args.pathOf("nms_across_levels"), "only False is supported (NMS runs "
                    + "per level, as in mmdetection v2.x)");
        }
        Integer maxPerImg = nullableInt(args, "max_per_img");
        maxPerImg = NmsSettings.agree(maxPerImg, nullableInt(args, "max_num"), args.pathOf("max_per_img"), "max_num");
        maxPerImg = NmsSettings.agree(maxPerImg, nullableInt(args, "nms_post"), args.pathOf("max_per_img"),
                "nms_post");
        int max = maxPerImg == null ? 1000 : maxPerImg;
        if (max <= 0 || args.getInt("nms_pre") <= 0) {
            throw ConfigException.atPath(args.path(), "nms_pre and max_per_img must be positive, got "
                    + args.getInt("nms_pre") + " and " + max);
        }
        return new NativeOptions()
                .put("nms_pre", args.getInt("nms_pre"))
                .put("max_per_img", max)
                .put("nms.iou_threshold", NmsSettings.iouThreshold(args.getDict("nms"),
                        NmsSettings.nullableDouble(args, "nms_thr"), args.pathOf("nms"), 0.7))
                .put("min_bbox_size", args.getDouble("min_bbox_size"));
    }

    private static Integer nullableInt(Args args, String key) {
        return args.isNull(key) ? null : args.getInt(key);
    }
}
