package org.mmdet4j.data.transforms;

import java.util.List;
import org.mmdet4j.registry.Registries;

/** Builds a pipeline from its config list ({@code train_pipeline}), each dict by TRANSFORMS. */
public final class Pipelines {
    private Pipelines() {
    }

    /** @param path the config path of the list, for error messages (e.g. {@code data.train.pipeline}) */
    public static Compose build(List<?> cfg, String path) {
        List<Transform> transforms = Registries.TRANSFORMS.buildAll(cfg, null, path).stream()
                .map(o -> {
                    if (!(o instanceof Transform t)) {
                        throw new IllegalArgumentException(path + ": " + o.getClass().getName() + " is not a data transform");
                    }
                    return t;
                }).toList();
        return new Compose(transforms);
    }
}
