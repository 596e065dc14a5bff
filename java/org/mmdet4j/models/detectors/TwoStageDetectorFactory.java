package org.mmdet4j.models.detectors;

import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeDetectorModel;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * FasterRCNN and MaskRCNN (mmdetection v2's {@code TwoStageDetector}): backbone, FPN neck, an
 * RPNHead for proposals and a StandardRoIHead; MaskRCNN's RoI head has a mask branch,
 * FasterRCNN's has none.
 */
@Register(registry = RegistryNames.DETECTORS, name = "FasterRCNN")
@Register(registry = RegistryNames.DETECTORS, name = "MaskRCNN")
public final class TwoStageDetectorFactory implements ComponentFactory<NativeDetectorModel> {
    private static final Schema SCHEMA = Schema.builder()
            .component("backbone", Registries.BACKBONES)
            .component("neck", Registries.NECKS)
            .component("rpn_head", Registries.HEADS)
            .component("roi_head", Registries.HEADS)
            .nullable("train_cfg", ParamType.DICT)
            .nullable("test_cfg", ParamType.DICT)
            .nullable("pretrained", ParamType.STR)
            .nullable("init_cfg", ParamType.DICT)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeDetectorModel create(Args args) {
        return new NativeDetectorModel(options(args));
    }

    /** The native model options ("model." removed), without building the native detector. */
    public static NativeOptions options(Args args) {
        NativeOptions rpn = args.getComponent("rpn_head", NativeOptions.class);
        if (!"RPNHead".equals(rpn.get("type"))) {
            throw ConfigException.atPath(args.pathOf("rpn_head.type"), "expected 'RPNHead', got '" + rpn.get("type")
                    + "'");
        }
        NativeOptions roi = args.getComponent("roi_head", NativeOptions.class);
        if (!"StandardRoIHead".equals(roi.get("type"))) {
            throw ConfigException.atPath(args.pathOf("roi_head.type"), "expected 'StandardRoIHead', got '"
                    + roi.get("type") + "'");
        }
        boolean mask = roi.get("mask_head.type") != null;
        if (mask != args.typeName().equals("MaskRCNN")) {
            throw ConfigException.atPath(args.pathOf("roi_head.mask_head"), mask
                    ? "FasterRCNN has no mask branch; use type MaskRCNN for a model with a mask_head"
                    : "MaskRCNN needs a mask_head (FCNMaskHead)");
        }
        TwoStageSettings.Test test = TwoStageSettings.test(args.isNull("test_cfg") ? null : args.getDict("test_cfg"),
                args.pathOf("test_cfg"));
        return new NativeOptions()
                .put("type", args.typeName())
                .nest("backbone", BackboneWeights.backbone(args))
                .nest("neck", args.getComponent("neck", NativeOptions.class))
                .nest("rpn_head", rpn)
                .nest("roi_head", roi)
                .nest("train_cfg", TwoStageSettings.train(args.isNull("train_cfg") ? null : args.getDict("train_cfg"),
                        test, args.pathOf("train_cfg")))
                .nest("test_cfg", test.options());
    }
}
