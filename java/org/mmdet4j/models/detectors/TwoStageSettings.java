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
 * checked with the registry machinery so that their errors name the config path. The spellings
 * of mmdetection v2.0 are accepted and mapped: {@code max_num} and {@code nms_post} to
 * {@code max_per_img}, {@code nms_thr} to {@code nms.iou_threshold}; {@code debug} is ignored.
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

    /** The RPN's train_cfg (mmdetection v2's AnchorHead training settings). */
    private static final Schema RPN_TRAIN = Schema.builder()
            .component("assigner", Registries.ASSIGNERS)
            .optionalComponent("sampler", Registries.SAMPLERS, Map.of("type", "PseudoSampler"))
            .optional("allowed_border", ParamType.INT, -1)
            .optional("pos_weight", ParamType.FLOAT, -1.0)
            .optional("debug", ParamType.BOOL, false)
            .build();

    static {
        SETTINGS.register("rpn_train", ComponentFactory.of(RPN_TRAIN,
                args -> new NativeOptions()
                        .nest("assigner", args.getComponent("assigner", NativeOptions.class))
                        .nest("sampler", args.getComponent("sampler", NativeOptions.class))
                        .put("allowed_border", args.getInt("allowed_border"))
                        .put("pos_weight", args.getDouble("pos_weight"))));
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
        SETTINGS.register("rcnn_train", ComponentFactory.of(Schema.builder()
                .component("assigner", Registries.ASSIGNERS)
                .component("sampler", Registries.SAMPLERS)
                .optional("pos_weight", ParamType.FLOAT, -1.0)
                .optional("mask_size", ParamType.INT, 28)
                .optional("debug", ParamType.BOOL, false)
                .build(), args -> {
                    if (args.getInt("mask_size") <= 0) {
                        throw ConfigException.atPath(args.pathOf("mask_size"), "must be positive, got "
                                + args.getInt("mask_size"));
                    }
                    return new NativeOptions()
                            .nest("assigner", args.getComponent("assigner", NativeOptions.class))
                            .nest("sampler", args.getComponent("sampler", NativeOptions.class))
                            .put("pos_weight", args.getDouble("pos_weight"))
                            .put("mask_size", args.getInt("mask_size"));
                }));
        SETTINGS.register("rcnn_test", ComponentFactory.of(Schema.builder()
                .optional("score_thr", ParamType.FLOAT, 0.05)
                .nullable("nms", ParamType.DICT)
                .optional("max_per_img", ParamType.INT, 100)
                .optional("mask_thr_binary", ParamType.FLOAT, 0.5)
                .build(), args -> new NativeOptions()
                        .put("score_thr", args.getDouble("score_thr"))
                        .put("nms.iou_threshold", NmsSettings.iouThreshold(args.getDict("nms"), null,
                                args.pathOf("nms"), 0.5))
                        .put("max_per_img", args.getInt("max_per_img"))
                        .put("mask_thr_binary", args.getDouble("mask_thr_binary"))));
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
        section(given, "test_cfg", path);
        return new Test(section(given.get("rpn"), "proposals", path + ".rpn"),
                section(given.get("rcnn"), "rcnn_test", path + ".rcnn"));
    }

    /**
     * train_cfg at {@code path}, or null when there is none (a model for testing only). Without
     * {@code rpn_proposal} training proposals use the test settings, as in mmdetection.
     */
    static NativeOptions train(ConfigDict cfg, Test test, String path) {
        if (cfg == null) {
            return null;
        }
        section(cfg, "train_cfg", path);
        Object proposal = cfg.get("rpn_proposal");
        return new NativeOptions()
                .nest("rpn", section(cfg.get("rpn"), "rpn_train", path + ".rpn"))
                .nest("rpn_proposal", proposal == null ? test.rpn()
                        : section(proposal, "proposals", path + ".rpn_proposal"))
                .nest("rcnn", section(cfg.get("rcnn"), "rcnn_train", path + ".rcnn"));
    }

    /** One settings dict (null: all defaults) built by the entry {@code kind}. */
    private static NativeOptions section(Object cfg, String kind, String path) {
        if (cfg != null && !(cfg instanceof Map<?, ?>)) {
            throw ConfigException.atPath(path, "expected a dict, got " + cfg);
        }
        ConfigDict dict = cfg == null ? ConfigDict.empty() : ConfigDict.of(castKeys((Map<?, ?>) cfg), path);
        return SETTINGS.build(dict.with("type", kind), null, path, NativeOptions.class);
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
