package org.mmdet4j.models.coders;

import java.util.List;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/** DeltaXYWHBBoxCoder: target_means and target_stds of the normalised deltas. */
@Register(registry = RegistryNames.BBOX_CODERS, name = "DeltaXYWHBBoxCoder")
public final class DeltaXYWHBBoxCoderFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = Schema.builder()
            .optional("target_means", ParamType.FLOAT_LIST, List.of(0.0, 0.0, 0.0, 0.0))
            .optional("target_stds", ParamType.FLOAT_LIST, List.of(1.0, 1.0, 1.0, 1.0))
            .optional("clip_border", ParamType.BOOL, true)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        for (String key : new String[] {"target_means", "target_stds"}) {
            if (args.getDoubleList(key).size() != 4) {
                throw new ConfigException(args.pathOf(key) + ": needs 4 values");
            }
        }
        return new NativeOptions()
                .put("type", "DeltaXYWHBBoxCoder")
                .put("target_means", args.getDoubleList("target_means"))
                .put("target_stds", args.getDoubleList("target_stds"))
                .put("clip_border", args.getBool("clip_border"));
    }
}
