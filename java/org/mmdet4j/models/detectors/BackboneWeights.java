package org.mmdet4j.models.detectors;

import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;

/** The detector-level {@code pretrained} key of mmdetection v1 and v2.0 configs. */
public final class BackboneWeights {
    private BackboneWeights() {
    }

    /**
     * The backbone's options, with the detector's {@code pretrained} checkpoint when the backbone
     * names none of its own (its {@code init_cfg} wins, as in mmdetection v2).
     */
    public static NativeOptions backbone(Args detectorArgs) {
        NativeOptions backbone = detectorArgs.getComponent("backbone", NativeOptions.class);
        if (!detectorArgs.isNull("pretrained") && backbone.get("init_cfg.checkpoint") == null) {
            backbone.put("init_cfg.checkpoint", detectorArgs.getString("pretrained"));
        }
        return backbone;
    }
}
