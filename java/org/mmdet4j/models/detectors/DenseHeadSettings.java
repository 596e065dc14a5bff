package org.mmdet4j.models.detectors;

import java.util.Map;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.Registry;
import org.mmdet4j.registry.Schema;

/**
 * train_cfg and test_cfg of single-stage detectors, checked with the registry machinery so
 * that their errors name the config path like any component's.
 */
final class DenseHeadSettings {
    private static final Registry<NativeOptions> SETTINGS = new Registry<>("dense head settings", NativeOptions.class);

    /** An anchor head's train_cfg (RetinaNet's, and the RPN's in a two-stage detector). */
    static final Schema ANCHOR_HEAD_TRAIN = Schema.builder()
            .component("assigner", Registries.ASSIGNERS)
            .optionalComponent("sampler", Registries.SAMPLERS, Map.of("type", "PseudoSampler"))
            .optional("allowed_border", ParamType.INT, -1)
            .optional("pos_weight", ParamType.FLOAT, -1.0)
            .optional("debug", ParamType.BOOL, false)
            .build();

    static {
        SETTINGS.register("train_cfg", ComponentFactory.of(ANCHOR_HEAD_TRAIN, args -> new NativeOptions()
                        .nest("assigner", args.getComponent("assigner", NativeOptions.class))
                        .put("allowed_border", args.getInt("allowed_border"))
                        .put("pos_weight", args.getDouble("pos_weight"))));
        SETTINGS.register("test_cfg", ComponentFactory.of(Schema.builder()
                .optional("nms_pre", ParamType.INT, 1000)
                .optional("min_bbox_size", ParamType.FLOAT, 0.0)
                .optional("score_thr", ParamType.FLOAT, 0.05)
                .optional("nms", ParamType.DICT, Map.of("type", "nms", "iou_threshold", 0.5))
                .optional("max_per_img", ParamType.INT, 100)
                .build(), args -> new NativeOptions()
                        .put("nms_pre", args.getInt("nms_pre"))
                        .put("min_bbox_size", args.getDouble("min_bbox_size"))
                        .put("score_thr", args.getDouble("score_thr"))
                        .put("nms.iou_threshold", NmsSettings.iouThreshold(args.getDict("nms"), null,
                                args.pathOf("nms"), 0.5))
                        .put("max_per_img", args.getInt("max_per_img"))));
    }

    private DenseHeadSettings() {
    }

    static NativeOptions train(ConfigDict cfg, String path) {
        return cfg == null ? null : SETTINGS.build(cfg.with("type", "train_cfg"), null, path, NativeOptions.class);
    }

    static NativeOptions test(ConfigDict cfg, String path) {
        return SETTINGS.build(cfg == null ? ConfigDict.of(Map.of("type", "test_cfg")) : cfg.with("type", "test_cfg"),
                null, path, NativeOptions.class);
    }
}
