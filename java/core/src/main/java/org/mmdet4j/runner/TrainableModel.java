package org.mmdet4j.runner;

import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.data.loader.Batch;

/**
 * What the {@link Runner} trains: a model together with its optimizer, stepped one batch at a
 * time. The native detectors implement it with one JNI call per method; the tests implement it
 * in plain Java.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #configureOptimizer} is called once, before any step, with the config's
 *       {@code optimizer} dict; {@link #setGradClip} once with {@code optimizer_config.grad_clip}.</li>
 *   <li>Parameter groups: {@link #initialLearningRates()} has one entry per group (the base
 *       {@code lr} times the group's {@code lr_mult}); {@link #setLearningRates} receives an array of
 *       the same length before every training iteration (the LR hooks drive the schedule from Java).</li>
 *   <li>{@link #trainStep} is one whole iteration: forward, losses, backward, gradient clipping,
 *       optimizer step. If the total loss or the gradient norm is not finite the implementation
 *       must <em>not</em> apply the update and must return {@link StepOutput#updated()} {@code false},
 *       so that the weights and optimizer state stay the last good ones.</li>
 *   <li>{@link #saveCheckpoint} writes everything needed to continue bit-for-bit: weights, and
 *       with {@code includeOptimizer} the optimizer state (momentum buffers, AMP loss scale) and any
 *       random-generator state the step consumes. {@code metaJson} is stored verbatim (the native
 *       side keeps it under the {@code meta} key of an mmdetection-style checkpoint) and returned by
 *       {@link #loadCheckpoint}. The runner gives a temporary path and makes the write atomic; the
 *       implementation just writes and closes the file.</li>
 *   <li>A file that is truncated, corrupt or of another architecture must make
 *       {@link #loadCheckpoint} throw with a clear message, never load partially.</li>
 * </ul>
 * Methods are called from one thread, the runner's.
 */
public interface TrainableModel {
    /** The optimizer: type and hyper-parameters from the config's {@code optimizer} dict. */
    void configureOptimizer(OptimizerConfig config);

    /**
     * Moves the model to {@code device} (cpu, cuda or cuda:N; see {@link Devices}), before the
     * optimizer is configured. Models that only run on the CPU refuse other devices.
     */
    default void toDevice(String device) {
        if (!device.equals("cpu")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " runs on the CPU only, not on " + device);
        }
    }

    /** The device the model runs on. */
    default String device() {
        return "cpu";
    }

    /** Gradient clipping by total norm, or {@code null} for none ({@code grad_clip=None}). */
    void setGradClip(GradClip clip);

    /**
     * Mixed-precision training ({@code fp16 = dict(...)}), after {@link #configureOptimizer}: the
     * forward pass under autocast in {@code dtype} (float16 or bfloat16) and the loss scaled by
     * {@code lossScale} (a number, {@code "dynamic"}, or a map of GradScaler's arguments). Models
     * without it refuse.
     */
    default void configureMixedPrecision(String dtype, Object lossScale) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no mixed-precision training");
    }

    /**
     * The precision {@link #predict} computes in: "fp32", "bf16" or "fp16" (autocast over the
     * network; post-processing in float32). Models without reduced precision accept only fp32.
     */
    default void setPrecision(String precision) {
        if (!precision.equals("fp32")) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " predicts in fp32 only");
        }
    }

    /** The loss scaler's state as GradScaler.state_dict() JSON; empty without loss scaling. */
    default String lossScalerState() {
        return "";
    }

    /** Restores {@link #lossScalerState()} when resuming. */
    default void loadLossScalerState(String json) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no loss scaler");
    }

    /** One learning rate per parameter group, as configured (before any schedule). */
    double[] initialLearningRates();

    /** The learning rates of the next steps, one per parameter group. */
    void setLearningRates(double[] perParamGroup);

    /** The momentum of the next steps, for every parameter group. */
    void setMomentum(double momentum);

    /** Training mode (batch-norm statistics update unless frozen, dropout on). */
    void trainMode();

    /** Evaluation mode, used for {@link #valStep} and {@link #predict}. */
    void evalMode();

    /** One training iteration on {@code batch}; see the class contract for non-finite losses. */
    StepOutput trainStep(Batch batch);

    /** Losses on {@code batch} without gradients or an update (the {@code val} workflow). */
    StepOutput valStep(Batch batch);

    /** Detections per image of {@code batch}, in batch order, in original-image coordinates. */
    List<Detections> predict(Batch batch);

    /** Writes the state to {@code file}; see the class contract. */
    void saveCheckpoint(Path file, boolean includeOptimizer, String metaJson);

    /**
     * Loads weights from {@code file}, and the optimizer state too when {@code includeOptimizer}
     * ({@code resume_from}); weights only is {@code load_from}. Returns the stored meta JSON, or
     * {@code null} for a checkpoint without one (such as a PyTorch model-zoo file).
     */
    String loadCheckpoint(Path file, boolean includeOptimizer);

    /** Whether {@link #predict} returns instance masks (a model with a mask head). */
    default boolean predictsMasks() {
        return false;
    }

    /** Peak accelerator memory in MiB for the log's {@code memory} key; negative when not known. */
    default long maxMemoryMiB() {
        return -1;
    }
}
