package org.mmdet4j.models.roi;

import java.util.List;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Registry;
import org.mmdet4j.registry.Schema;

/**
 * The {@code roi_layer} of a RoI extractor: mmcv's {@code RoIAlign(output_size, sampling_ratio=0,
 * pool_mode='avg', aligned=True)} or {@code RoIPool(output_size)}. {@code spatial_scale} is not a
 * config key: the extractor sets it from each level's stride, as mmdetection's
 * {@code build_roi_layers} does.
 */
final class RoiLayers {
    private static final Registry<NativeOptions> LAYERS = new Registry<>("roi_layer", NativeOptions.class);

    static {
        LAYERS.register("RoIAlign", ComponentFactory.of(Schema.builder()
                .required("output_size", ParamType.ANY)
                .optional("sampling_ratio", ParamType.INT, 0)
                .choice("pool_mode", "avg", "avg", "max")
                .optional("aligned", ParamType.BOOL, true)
                .build(), args -> {
                    if (args.getInt("sampling_ratio") < 0) {
                        throw ConfigException.atPath(args.pathOf("sampling_ratio"), "must be >= 0 (0: adaptive), got "
                                + args.getInt("sampling_ratio"));
                    }
                    return new NativeOptions()
                            .put("type", "RoIAlign")
                            .put("output_size", outputSize(args))
                            .put("sampling_ratio", args.getInt("sampling_ratio"))
                            .put("aligned", args.getBool("aligned"))
                            .put("pool_mode", args.getString("pool_mode"));
                }));
        LAYERS.register("RoIPool", ComponentFactory.of(Schema.builder()
                .required("output_size", ParamType.ANY)
                .build(), args -> new NativeOptions()
                        .put("type", "RoIPool")
                        .put("output_size", outputSize(args))));
    }

    private RoiLayers() {
    }

    /** The native options of the roi_layer dict at {@code path}. */
    static NativeOptions build(Object cfg, String path) {
        return LAYERS.build(cfg, null, path, NativeOptions.class);
    }

    /** An int, or a pair of equal ints (mmcv takes (h, w); the native layers pool square grids). */
    private static int outputSize(Args args) {
        Object v = args.get("output_size");
        Integer size = v instanceof Integer i ? i
                : v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Integer a && a.equals(l.get(1)) ? a
                : null;
        if (size == null || size <= 0) {
            throw ConfigException.atPath(args.pathOf("output_size"), "expected a positive int or a pair of equal "
                    + "positive ints, got " + v);
        }
        return size;
    }
}
