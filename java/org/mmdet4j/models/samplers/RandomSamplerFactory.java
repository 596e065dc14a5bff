package org.mmdet4j.models.samplers;

import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * RandomSampler and InstanceBalancedPosSampler (positives spread evenly over the ground-truth
 * boxes): both take exactly the base sampler's keys.
 */
@Register(registry = RegistryNames.SAMPLERS, name = "RandomSampler")
@Register(registry = RegistryNames.SAMPLERS, name = "InstanceBalancedPosSampler")
public final class RandomSamplerFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = BaseSampler.schema().build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        return BaseSampler.options(args);
    }
}
