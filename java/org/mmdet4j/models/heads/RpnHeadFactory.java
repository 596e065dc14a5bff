package org.mmdet4j.models.heads;

import java.util.List;
import java.util.Map;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * RPNHead with mmdetection v2's keys and AnchorHead defaults: one 3x3 conv, then objectness
 * (one sigmoid score per anchor) and box deltas. Its train_cfg and test_cfg are the detector's
 * {@code train_cfg.rpn} and {@code test_cfg.rpn}; mmdetection overwrites any given here.
 */
@Register(registry = RegistryNames.HEADS, name = "RPNHead")
public final class RpnHeadFactory implements ComponentFactory<NativeOptions> {
    private static final List<String> LOSS_BBOX_TYPES = List.of("L1Loss", "SmoothL1Loss", "GIoULoss");
    private static final Schema SCHEMA = Schema.builder()
            .required("in_channels", ParamType.INT)
            .optional("feat_channels", ParamType.INT, 256)
            .optional("num_convs", ParamType.INT, 1)
            .optionalComponent("anchor_generator", Registries.ANCHOR_GENERATORS, Map.of("type", "AnchorGenerator",
                    "scales", List.of(8, 16, 32), "ratios", List.of(0.5, 1.0, 2.0), "strides", List.of(4, 8, 16, 32, 64)))
            .optionalComponent("bbox_coder", Registries.BBOX_CODERS, Map.of("type", "DeltaXYWHBBoxCoder"))
            .optional("reg_decoded_bbox", ParamType.BOOL, false)
            .optionalComponent("loss_cls", Registries.LOSSES, Map.of("type", "CrossEntropyLoss", "use_sigmoid", true,
                    "loss_weight", 1.0))
            .optionalComponent("loss_bbox", Registries.LOSSES, Map.of("type", "SmoothL1Loss", "beta", 1.0 / 9.0,
                    "loss_weight", 1.0))
            .nullable("train_cfg", ParamType.DICT)
            .nullable("test_cfg", ParamType.DICT)
            .nullable("init_cfg", ParamType.DICT)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        for (String key : new String[] {"in_channels", "feat_channels"}) {
            if (args.getInt(key) <= 0) {
                throw ConfigException.atPath(args.pathOf(key), "must be positive, got " + args.getInt(key));
            }
        }
        if (args.getInt("num_convs") != 1) {
            throw ConfigException.atPath(args.pathOf("num_convs"), "only 1 is supported natively so far, got "
                    + args.getInt("num_convs"));
        }
        for (String key : new String[] {"train_cfg", "test_cfg"}) {
            if (!args.isNull(key)) {
                throw ConfigException.atPath(args.pathOf(key), "give it as the detector's " + key
                        + ".rpn: mmdetection replaces the RPN head's own with that one");
            }
        }
        NativeOptions cls = args.getComponent("loss_cls", NativeOptions.class);
        boolean sigmoidCe = "CrossEntropyLoss".equals(cls.get("type")) && "true".equals(cls.get("use_sigmoid"));
        if (!sigmoidCe && !"FocalLoss".equals(cls.get("type"))) {
            throw ConfigException.atPath(args.pathOf("loss_cls"), "RPNHead scores anchors with a sigmoid: use "
                    + "CrossEntropyLoss with use_sigmoid=True or FocalLoss, got " + cls.get("type")
                    + (cls.get("use_sigmoid") == null ? "" : " with use_sigmoid=" + cls.get("use_sigmoid")));
        }
        NativeOptions box = args.getComponent("loss_bbox", NativeOptions.class);
        if (!LOSS_BBOX_TYPES.contains(box.get("type"))) {
            throw ConfigException.atPath(args.pathOf("loss_bbox"), "expected one of " + LOSS_BBOX_TYPES + ", got "
                    + box.get("type"));
        }
        if ("GIoULoss".equals(box.get("type")) && !args.getBool("reg_decoded_bbox")) {
            throw ConfigException.atPath(args.pathOf("reg_decoded_bbox"), "GIoULoss needs reg_decoded_bbox=True");
        }
        return new NativeOptions()
                .put("type", "RPNHead")
                .put("in_channels", args.getInt("in_channels"))
                .put("feat_channels", args.getInt("feat_channels"))
                .put("reg_decoded_bbox", args.getBool("reg_decoded_bbox"))
                .nest("anchor_generator", args.getComponent("anchor_generator", NativeOptions.class))
                .nest("bbox_coder", args.getComponent("bbox_coder", NativeOptions.class))
                .nest("loss_cls", cls)
                .nest("loss_bbox", box);
    }
}
