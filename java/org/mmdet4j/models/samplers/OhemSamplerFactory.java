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
 * OHEMSampler: keeps the hardest examples by the loss named {@code loss_key}. mmdetection's
 * {@code context} (the RoI head) is given by the head, never by the config.
 */
@Register(registry = RegistryNames.SAMPLERS, name = "OHEMSampler")
public final class OhemSamplerFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = BaseSampler.schema()
            .optional("loss_key", ParamType.STR, "loss_cls")
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        if (!"loss_cls".equals(args.getString("loss_key"))) {
            // The native heads rank examples by their classification loss only.
            throw ConfigException.atPath(args.pathOf("loss_key"), "only 'loss_cls' is supported, got '"
                    + args.getString("loss_key") + "'");
        }
        return BaseSampler.options(args).put("loss_key", args.getString("loss_key"));
    }
}
