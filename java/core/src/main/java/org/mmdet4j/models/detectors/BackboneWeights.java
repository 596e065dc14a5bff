package org.mmdet4j.models.detectors;

import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;

/** The detector-level {@code pretrained} key of mmdetection v1 and v2.0 configs. */
public final class BackboneWeights {
    private BackboneWeights() {
    }

    /**
     * The backbone's options, with the detector's {@code pretrained} checkpoint as the backbone's
     * own {@code pretrained} when the backbone names none (its {@code init_cfg} wins, as in
     * mmdetection v2).
     */
    public static NativeOptions backbone(Args detectorArgs) {
        NativeOptions backbone = detectorArgs.getComponent("backbone", NativeOptions.class);
        if (!detectorArgs.isNull("pretrained") && backbone.get("init_cfg.checkpoint") == null
                && backbone.get("pretrained") == null) {
            backbone.put("pretrained", detectorArgs.getString("pretrained"));
        }
        return backbone;
    }

    /**
     * The checkpoint that a detector's options name for its backbone: {@code init_cfg.checkpoint}
     * (type Pretrained, which the native backbone checks) or the legacy {@code pretrained}; null
     * when none.
     */
    public static String checkpoint(NativeOptions model) {
        String checkpoint = model.get("backbone.init_cfg.checkpoint");
        return checkpoint != null ? checkpoint : model.get("backbone.pretrained");
    }
}
