package org.mmdet4j.models.samplers;

import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/** PseudoSampler: every assigned box is used (dense heads with focal loss). */
@Register(registry = RegistryNames.SAMPLERS, name = "PseudoSampler")
public final class PseudoSamplerFactory implements ComponentFactory<NativeOptions> {
    @Override
    public Schema schema() {
        return Schema.empty();
    }

    @Override
    public NativeOptions create(Args args) {
        return new NativeOptions().put("type", "PseudoSampler");
    }
}
