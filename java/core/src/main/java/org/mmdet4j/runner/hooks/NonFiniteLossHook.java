package org.mmdet4j.runner.hooks;

import java.nio.file.Path;
import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Mode;
import org.mmdet4j.runner.Runner;
import org.mmdet4j.runner.StepOutput;

/**
 * Stops the run at the first training iteration whose loss terms or gradient norm are not
 * finite, instead of training on for hours with NaN weights. The model has not applied that
 * iteration's update (the {@link org.mmdet4j.runner.TrainableModel} contract), so its state is
 * the last good one: the hook saves it as {@code last_good_iter_N.pth} (N finished iterations;
 * {@code latest} is left alone) and throws a {@link NonFiniteLossException} naming the
 * iteration and the loss term. Registered with the highest priority so that nothing logs or
 * checkpoints the bad step first.
 */
public final class NonFiniteLossHook extends Hook {
    @Override
    public void afterIter(Runner runner) {
        if (runner.mode() != Mode.TRAIN) {
            return;
        }
        StepOutput o = runner.outputs();
        if (o.overflow()) {
            return;  // the loss scaler's business: it skipped the step and backs off (Fp16OptimizerHook)
        }
        String term = o.firstNonFiniteTerm();
        double value;
        if (term != null) {
            value = term.equals("loss") ? o.loss() : o.losses().get(term);
        } else if (!Double.isFinite(o.gradNorm())) {
            term = "grad_norm";
            value = o.gradNorm();
        } else {
            return;
        }
        int iteration = runner.iter() + 1;
        Path saved = runner.saveStateBeforeCurrentIter("last_good_iter_" + runner.iter() + ".pth");
        String where = runner.byEpoch()
                ? " (epoch " + (runner.epoch() + 1) + ", batch " + (runner.innerIter() + 1) + "/"
                        + runner.source().batchesPerEpoch() + ")"
                : "";
        String applied = o.updated()
                ? "; WARNING: the model reports that it applied this update, so the saved weights may be damaged"
                : "";
        throw new NonFiniteLossException(iteration, term, "non-finite loss at iteration " + iteration + where + ": "
                + term + " = " + value + ". The state after iteration " + runner.iter() + " is saved as " + saved
                + applied + "; resume from it with a lower learning rate or with optimizer_config.grad_clip set.",
                saved);
    }
}
