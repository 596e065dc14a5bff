package org.mmdet4j.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training or validation step reports.
 *
 * @param losses     named loss terms in the order the model computes them ({@code loss_cls},
 *                   {@code loss_bbox}, ...), each already reduced to a scalar
 * @param loss       the total loss that was back-propagated (the sum of the terms)
 * @param gradNorm   total gradient norm before clipping; always computed by training steps, NaN
 *                   for validation steps
 * @param numSamples images in the batch, the weight of this step in logged averages
 * @param updated    whether the parameters were updated (false for validation, and for a
 *                   training step whose loss or gradient norm was not finite)
 * @param lossScale  mixed precision: the scale the loss was multiplied by before backward; NaN
 *                   without loss scaling
 * @param overflow   mixed precision: the step was skipped because the scaled gradients
 *                   overflowed (the loss scaler backs off and training goes on)
 */
public record StepOutput(Map<String, Double> losses, double loss, double gradNorm, int numSamples, boolean updated,
                         double lossScale, boolean overflow) {
    public StepOutput {
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    }

    /** A step without loss scaling. */
    public StepOutput(Map<String, Double> losses, double loss, double gradNorm, int numSamples, boolean updated) {
        this(losses, loss, gradNorm, numSamples, updated, Double.NaN, false);
    }

    /** The values the logger averages: every loss term, then {@code loss}. */
    public Map<String, Double> logVars() {
        Map<String, Double> vars = new LinkedHashMap<>(losses);
        vars.put("loss", loss);
        return vars;
    }

    /** The first term that is not finite, {@code "loss"} when only the total is, or null. */
    public String firstNonFiniteTerm() {
        for (Map.Entry<String, Double> e : losses.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return e.getKey();
            }
        }
        return Double.isFinite(loss) ? null : "loss";
    }
}
