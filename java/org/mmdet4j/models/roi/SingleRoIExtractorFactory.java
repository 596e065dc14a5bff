package org.mmdet4j.models.roi;

import java.util.List;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * SingleRoIExtractor: each RoI pooled from the one FPN level its scale maps to
 * ({@code finest_scale} 56: below 112 px level 0, then 224, 448, ...).
 */
@Register(registry = RegistryNames.ROI_EXTRACTORS, name = "SingleRoIExtractor")
public final class SingleRoIExtractorFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = Schema.builder()
            .required("roi_layer", ParamType.DICT)
            .required("out_channels", ParamType.INT)
            .required("featmap_strides", ParamType.INT_LIST)
            .optional("finest_scale", ParamType.INT, 56)
            .nullable("init_cfg", ParamType.DICT)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        List<Integer> strides = args.getIntList("featmap_strides");
        if (strides.isEmpty() || strides.stream().anyMatch(s -> s <= 0)) {
            throw ConfigException.atPath(args.pathOf("featmap_strides"), "needs positive strides, got " + strides);
        }
        if (args.getInt("finest_scale") <= 0) {
            throw ConfigException.atPath(args.pathOf("finest_scale"), "must be positive, got "
                    + args.getInt("finest_scale"));
        }
        return new NativeOptions()
                .put("type", "SingleRoIExtractor")
                .nest("roi_layer", RoiLayers.build(args.getDict("roi_layer"), args.pathOf("roi_layer")))
                .put("out_channels", args.getInt("out_channels"))
                .put("featmap_strides", strides)
                .put("finest_scale", args.getInt("finest_scale"));
    }
}
