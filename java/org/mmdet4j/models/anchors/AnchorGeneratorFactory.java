package org.mmdet4j.models.anchors;

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
 * AnchorGenerator (mmdetection v2) and LegacyAnchorGenerator (the v1 convention: centres at
 * offset * (size - 1), rounded corners). Give either scales or octave_base_scale with
 * scales_per_octave.
 */
@Register(registry = RegistryNames.ANCHOR_GENERATORS, name = "AnchorGenerator")
@Register(registry = RegistryNames.ANCHOR_GENERATORS, name = "LegacyAnchorGenerator")
public final class AnchorGeneratorFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = Schema.builder()
            .required("strides", ParamType.INT_LIST)
            .required("ratios", ParamType.FLOAT_LIST)
            .nullable("scales", ParamType.FLOAT_LIST)
            .nullable("base_sizes", ParamType.INT_LIST)
            .optional("scale_major", ParamType.BOOL, true)
            .nullable("octave_base_scale", ParamType.FLOAT)
            .nullable("scales_per_octave", ParamType.INT)
            .nullable("centers", ParamType.LIST)
            .optional("center_offset", ParamType.FLOAT, 0.0)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        boolean octave = !args.isNull("octave_base_scale");
        if (octave == !args.isNull("scales")) {
            throw new ConfigException(args.path() + ": give either scales or octave_base_scale + scales_per_octave");
        }
        if (octave && args.isNull("scales_per_octave")) {
            throw new ConfigException(args.pathOf("scales_per_octave") + ": required with octave_base_scale");
        }
        if (!args.getBool("scale_major")) {
            throw new ConfigException(args.pathOf("scale_major") + ": only True is supported");
        }
        if (!args.isNull("centers")) {
            throw new ConfigException(args.pathOf("centers") + ": explicit centers are not supported; use center_offset");
        }
        List<Double> noScales = null;
        return new NativeOptions()
                .put("type", args.typeName())
                .put("strides", args.getIntList("strides"))
                .put("ratios", args.getDoubleList("ratios"))
                .put("scales", octave ? noScales : args.getDoubleList("scales"))
                .put("base_sizes", args.isNull("base_sizes") ? null : args.getIntList("base_sizes"))
                .put("octave_base_scale", octave ? args.getDouble("octave_base_scale") : null)
                .put("scales_per_octave", octave ? args.getInt("scales_per_octave") : null)
                .put("center_offset", args.getDouble("center_offset"));
    }
}
