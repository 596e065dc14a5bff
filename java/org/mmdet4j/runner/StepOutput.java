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
 */
public record StepOutput(Map<String, Double> losses, double loss, double gradNorm, int numSamples, boolean updated) {
    public StepOutput {
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
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
