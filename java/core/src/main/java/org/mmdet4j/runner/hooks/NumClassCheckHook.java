package org.mmdet4j.runner.hooks;

import java.util.List;
import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Runner;

/**
 * mmdetection's {@code NumClassCheckHook}: before training, the model's {@code num_classes}
 * must equal the number of the dataset's classes, a mistake that otherwise shows up as a
 * confusing index error or a silently wrong model. Reads {@code CLASSES} and
 * {@code num_classes} from the runner's meta, which the train command fills in; without either
 * there is nothing to check.
 */
public final class NumClassCheckHook extends Hook {
    @Override
    public void beforeRun(Runner runner) {
        if (runner.meta().get("CLASSES") instanceof List<?> classes
                && runner.meta().get("num_classes") instanceof Number n && n.intValue() != classes.size()) {
            throw new IllegalArgumentException("the model's num_classes (" + n + ") does not match the dataset's "
                    + classes.size() + " classes " + classes + "; set num_classes=" + classes.size()
                    + " in model.bbox_head (two-stage models: model.roi_head.bbox_head and mask_head)");
        }
    }
}
