package org.mmdet4j.models.detectors;

import org.mmdet4j.models.NativeDetectorModel;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/** RetinaNet: a ResNet backbone, an FPN neck and a RetinaHead, built natively. */
@Register(registry = RegistryNames.DETECTORS, name = "RetinaNet")
public final class RetinaNetFactory implements ComponentFactory<NativeDetectorModel> {
    private static final Schema SCHEMA = Schema.builder()
            .component("backbone", Registries.BACKBONES)
            .component("neck", Registries.NECKS)
            .component("bbox_head", Registries.HEADS)
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
        NativeOptions model = new NativeOptions()
                .put("type", "RetinaNet")
                .nest("backbone", BackboneWeights.backbone(args))
                .nest("neck", args.getComponent("neck", NativeOptions.class))
                .nest("bbox_head", args.getComponent("bbox_head", NativeOptions.class))
                .nest("train_cfg", DenseHeadSettings.train(args.isNull("train_cfg") ? null : args.getDict("train_cfg"),
                        args.pathOf("train_cfg")))
                .nest("test_cfg", DenseHeadSettings.test(args.isNull("test_cfg") ? null : args.getDict("test_cfg"),
                        args.pathOf("test_cfg")));
        return new NativeDetectorModel(model);
    }
}
