package org.mmdet4j.models.twostage;

import java.util.Map;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.models.detectors.TwoStageDetectorFactory;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.Registry;

/**
 * Builds a two-stage model config into its native options without the native library: the
 * detector's schema and options in a standalone registry, every nested component through the
 * real registries.
 */
final class TwoStageOptions {
    private static final Registry<NativeOptions> DETECTORS = new Registry<>("detector", NativeOptions.class);

    static {
        TwoStageDetectorFactory factory = new TwoStageDetectorFactory();
        for (String name : new String[] {"FasterRCNN", "MaskRCNN"}) {
            DETECTORS.register(name, ComponentFactory.of(factory.schema(), TwoStageDetectorFactory::options));
        }
    }

    private TwoStageOptions() {
    }

    /** The options of a model dict located at {@code model}. */
    static NativeOptions of(Map<String, ?> model) {
        ConfigDict dict = model instanceof ConfigDict d ? d : ConfigDict.of(model, "model");
        return DETECTORS.build(dict, null, "model", NativeOptions.class);
    }
}
