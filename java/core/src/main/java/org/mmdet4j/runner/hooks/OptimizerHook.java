package org.mmdet4j.runner.hooks;

import org.mmdet4j.runner.GradClip;
import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Mode;
import org.mmdet4j.runner.Runner;
import org.mmdet4j.runner.StepOutput;

/**
 * {@code optimizer_config}: the backward pass and the optimizer step happen inside the model's
 * training step (one native call), so this hook only hands {@code grad_clip} to the model and,
 * like mmcv's, logs {@code grad_norm} when clipping is on.
 */
public class OptimizerHook extends Hook {
    private final GradClip gradClip;

    /** @param gradClip null for {@code grad_clip=None} */
    public OptimizerHook(GradClip gradClip) {
        this.gradClip = gradClip;
    }

    @Override
    public void beforeRun(Runner runner) {
        runner.model().setGradClip(gradClip);
    }

    @Override
    public void afterIter(Runner runner) {
        StepOutput o = runner.outputs();
        if (runner.mode() == Mode.TRAIN && gradClip != null && Double.isFinite(o.gradNorm())) {
            runner.logBuffer().update("grad_norm", o.gradNorm(), o.numSamples());
        }
    }
}
