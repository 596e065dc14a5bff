package org.mmdet4j.models.heads;

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

/** RetinaHead with mmdetection v2's keys and defaults. */
@Register(registry = RegistryNames.HEADS, name = "RetinaHead")
public final class RetinaHeadFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = Schema.builder()
            .required("num_classes", ParamType.INT)
            .required("in_channels", ParamType.INT)
            .optional("stacked_convs", ParamType.INT, 4)
            .optional("feat_channels", ParamType.INT, 256)
            .nullable("conv_cfg", ParamType.DICT)
            .nullable("norm_cfg", ParamType.DICT)
            .component("anchor_generator", Registries.ANCHOR_GENERATORS)
            .optionalComponent("bbox_coder", Registries.BBOX_CODERS, Map.of("type", "DeltaXYWHBBoxCoder"))
            .optional("reg_decoded_bbox", ParamType.BOOL, false)
            .optionalComponent("loss_cls", Registries.LOSSES, Map.of("type", "FocalLoss", "use_sigmoid", true))
            .optionalComponent("loss_bbox", Registries.LOSSES, Map.of("type", "L1Loss"))
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
        if (args.getInt("num_classes") <= 0) {
            throw new ConfigException(args.pathOf("num_classes") + ": must be positive, got " + args.getInt("num_classes"));
        }
        for (String key : new String[] {"conv_cfg", "norm_cfg"}) {
            if (!args.isNull(key)) {
                throw new ConfigException(args.pathOf(key) + ": only None is supported natively");
            }
        }
        NativeOptions cls = args.getComponent("loss_cls", NativeOptions.class);
        if (!"FocalLoss".equals(cls.get("type"))) {
            throw new ConfigException(args.pathOf("loss_cls") + ": RetinaHead needs FocalLoss, got " + cls.get("type"));
        }
        return new NativeOptions()
                .put("type", "RetinaHead")
                .put("num_classes", args.getInt("num_classes"))
                .put("in_channels", args.getInt("in_channels"))
                .put("stacked_convs", args.getInt("stacked_convs"))
                .put("feat_channels", args.getInt("feat_channels"))
                .put("reg_decoded_bbox", args.getBool("reg_decoded_bbox"))
                .nest("anchor_generator", args.getComponent("anchor_generator", NativeOptions.class))
                .nest("bbox_coder", args.getComponent("bbox_coder", NativeOptions.class))
                .nest("loss_cls", cls)
                .nest("loss_bbox", args.getComponent("loss_bbox", NativeOptions.class));
    }
}
