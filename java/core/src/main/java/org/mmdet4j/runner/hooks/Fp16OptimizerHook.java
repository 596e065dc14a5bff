package org.mmdet4j.runner.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mmdet4j.runner.GradClip;
import org.mmdet4j.runner.Mode;
import org.mmdet4j.runner.Runner;
import org.mmdet4j.runner.StepOutput;

/**
 * mmcv's {@code Fp16OptimizerHook}, which mmdetection puts in place of the optimizer hook when a
 * config has {@code fp16 = dict(loss_scale=...)}: the model's forward pass and losses run under
 * autocast in {@code dtype} (float16, mmcv's; or bfloat16, which CPUs support), the weights stay
 * float32, and the loss is scaled before backward — {@code loss_scale} a number (static),
 * {@code 'dynamic'}, or a dict of GradScaler's arguments. A step whose scaled gradients
 * overflow is skipped (the dynamic scale backs off) and a line says so; the log has the scale of
 * each step as {@code loss_scale}. As mmcv does, the scaler's state is kept in the checkpoint meta
 * as {@code fp16.loss_scaler} (GradScaler's state_dict) and restored from it on resume.
 */
public final class Fp16OptimizerHook extends OptimizerHook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String dtype;
    private final Object lossScale;
    private int overflows;  // steps skipped in this run, for the message

    /**
     * @param gradClip  null for {@code grad_clip=None}
     * @param lossScale a Number, "dynamic" or a map of GradScaler's arguments
     * @param dtype     "float16" or "bfloat16"
     */
    public Fp16OptimizerHook(GradClip gradClip, Object lossScale, String dtype) {
        super(gradClip);
        this.lossScale = lossScale;
        this.dtype = dtype;
    }

    @Override
    public void beforeRun(Runner runner) {
        super.beforeRun(runner);
        runner.model().configureMixedPrecision(dtype, lossScale);
        if (runner.meta().get("fp16") instanceof Map<?, ?> fp16 && fp16.get("loss_scaler") instanceof Map<?, ?> state) {
            runner.model().loadLossScalerState(toJson(state));
        }
    }

    @Override
    public void afterIter(Runner runner) {
        super.afterIter(runner);
        if (runner.mode() != Mode.TRAIN) {
            return;
        }
        StepOutput o = runner.outputs();
        if (Double.isFinite(o.lossScale())) {
            runner.logBuffer().update("loss_scale", o.lossScale(), o.numSamples());
        }
        String state = runner.model().lossScalerState();
        if (o.overflow()) {
            overflows++;
            runner.out().printf("iteration %d: gradients overflowed at loss scale %s; step skipped (%d so far)%n",
                    runner.iter() + 1, o.lossScale(), overflows);
        }
        if (!state.isEmpty()) {
            Map<String, Object> fp16 = new LinkedHashMap<>();
            fp16.put("loss_scaler", fromJson(state));
            runner.meta().put("fp16", fp16);
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fp16.loss_scaler is not JSON-able: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the model's loss scaler state is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
