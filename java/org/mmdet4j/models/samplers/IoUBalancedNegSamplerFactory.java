package org.mmdet4j.models.samplers;

import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * IoUBalancedNegSampler (Libra R-CNN): negatives drawn evenly from {@code num_bins} IoU bins
 * above {@code floor_thr}, and {@code floor_fraction} of them from below it.
 */
@Register(registry = RegistryNames.SAMPLERS, name = "IoUBalancedNegSampler")
public final class IoUBalancedNegSamplerFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = BaseSampler.schema()
            .optional("floor_thr", ParamType.FLOAT, -1.0)
            .optional("floor_fraction", ParamType.FLOAT, 0.0)
            .optional("num_bins", ParamType.INT, 3)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        // mmdetection's own asserts, as config errors.
        double floorThr = args.getDouble("floor_thr");
        if (floorThr < 0 && floorThr != -1) {
            throw ConfigException.atPath(args.pathOf("floor_thr"), "must be >= 0 or -1, got " + floorThr);
        }
        double floorFraction = args.getDouble("floor_fraction");
        if (floorFraction < 0 || floorFraction > 1) {
            throw ConfigException.atPath(args.pathOf("floor_fraction"), "must be in [0, 1], got " + floorFraction);
        }
        if (args.getInt("num_bins") < 1) {
            throw ConfigException.atPath(args.pathOf("num_bins"), "must be at least 1, got " + args.getInt("num_bins"));
        }
        return BaseSampler.options(args)
                .put("floor_thr", floorThr)
                .put("floor_fraction", floorFraction)
                .put("num_bins", args.getInt("num_bins"));
    }
}
