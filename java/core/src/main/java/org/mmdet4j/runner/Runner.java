package org.mmdet4j.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mmdet4j.Version;
import org.mmdet4j.data.loader.Batch;

/**
 * Owns the training loop (seed §4, mmcv's {@code BaseRunner}): the model, the position
 * ({@link #epoch()}, {@link #iter()}, {@link #innerIter()}), the limits ({@link #maxEpochs()},
 * {@link #maxIters()}), the {@link #mode()}, and a priority-sorted list of {@link Hook hooks}
 * that do everything else. {@link EpochBasedRunner} and {@link IterBasedRunner} differ only in
 * what one workflow step is.
 *
 * <p>Positions count what is done: {@code epoch} is the number of finished epochs (the log
 * shows {@code epoch + 1}), {@code iter} the number of finished training iterations, and
 * {@code innerIter} the index of the current batch within its epoch.
 *
 * <p>Checkpoints written through {@link #saveCheckpoint} carry the position, the log buffer and
 * every hook's state in their meta, so that {@link #resume} continues exactly: the same batches
 * (the loaders' order depends only on seed and epoch), the same learning rates (computed from
 * the position) and the same optimizer state.
 */
public abstract class Runner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Registered(Hook hook, int priority) {
    }

    protected final TrainableModel model;
    private final Path workDir;
    private final List<Registered> hooks = new ArrayList<>();
    private final LogBuffer logBuffer = new LogBuffer();
    private final Map<String, Object> meta = new LinkedHashMap<>();
    private final String timestamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
    private PrintStream out = System.out;

    protected Mode mode = Mode.TRAIN;
    protected int epoch;
    protected int iter;
    protected int innerIter;
    protected int maxEpochs;
    protected int maxIters;
    /** Batches already done in the epoch a resumed run starts in. */
    protected int resumeEpochIter;
    protected BatchSource source;
    private HookPoint currentPoint;
    /** Set while saving the state from before the current iteration (the NaN guard). */
    private boolean savingBeforeCurrentIter;
    private java.util.Set<String> lastStepKeys = java.util.Set.of();
    private StepOutput outputs;
    private double[] currentLr;
    private Map<String, Object> pendingHookStates = Map.of();
    private Map<String, Object> pendingLogBuffer;

    protected Runner(TrainableModel model, Path workDir) {
        this.model = Objects.requireNonNull(model, "model");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /** Runs {@code workflow}, stage {@code i} on {@code sources.get(i)}. */
    public abstract void run(List<BatchSource> sources, List<WorkflowStage> workflow);

    /** Whether progress is counted in epochs (an epoch-based runner). */
    public abstract boolean byEpoch();

    /** Batches of the current epoch handed out so far (done, or being processed in after-iter). */
    protected abstract int consumedInEpoch();

    /** Registers {@code hook}; it runs after hooks of lower or equal priority registered before. */
    public void registerHook(Hook hook, int priority) {
        int at = hooks.size();
        while (at > 0 && hooks.get(at - 1).priority() > priority) {
            at--;
        }
        hooks.add(at, new Registered(hook, priority));
    }

    /** Hooks in call order. */
    public List<Hook> hooks() {
        return hooks.stream().map(Registered::hook).toList();
    }

    /** Calls every hook at {@code point}, in priority order. */
    public void callHook(HookPoint point) {
        HookPoint previous = currentPoint;
        currentPoint = point;
        try {
            for (Registered r : hooks) {
                r.hook().call(point, this);
            }
        } finally {
            currentPoint = previous;
        }
    }

    /** One step of {@code batch} in the current mode; fills the log buffer and {@link #outputs()}. */
    protected void runIter(Batch batch) {
        StepOutput o = mode == Mode.TRAIN ? model.trainStep(batch) : model.valStep(batch);
        outputs = o;
        lastStepKeys = o.logVars().keySet();
        logBuffer.update(o.logVars(), o.numSamples());
    }

    /** Restores hook states loaded by {@link #resume} and checks that there is something to run. */
    protected void beforeRunning() {
        for (Registered r : hooks) {
            Object state = pendingHookStates.get(r.hook().name());
            if (state instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) m;
                r.hook().loadStateDict(typed);
            }
        }
        pendingHookStates = Map.of();
    }

    /**
     * Puts back the log buffer of a checkpoint saved mid-epoch, after the loggers cleared it at
     * the start of the resumed epoch, so that the first logged averages include the values from
     * before the interruption. Runners call it right after {@code beforeEpoch} of a resumed epoch.
     */
    protected void restoreLogBuffer() {
        if (pendingLogBuffer != null) {
            logBuffer.loadStateDict(pendingLogBuffer);
            pendingLogBuffer = null;
        }
    }

    // ---- learning rate and momentum, set by the LR hooks ----

    public void setLearningRates(double[] lrs) {
        currentLr = lrs.clone();
        model.setLearningRates(lrs);
    }

    /** The learning rates last set, one per parameter group (the initial ones before any). */
    public double[] currentLr() {
        return currentLr != null ? currentLr.clone() : model.initialLearningRates();
    }

    // ---- checkpoints ----

    /**
     * Saves a checkpoint as {@code workDir/filename} atomically and, when {@code updateLatest},
     * points {@code latest} at it. Called from a hook, it records the position as of the end of
     * the current iteration or epoch.
     */
    public Path saveCheckpoint(String filename, boolean saveOptimizer, boolean updateLatest) {
        Path file = workDir.resolve(filename);
        String metaJson = toJson(checkpointMeta());
        CheckpointFiles.writeAtomically(file, tmp -> model.saveCheckpoint(tmp, saveOptimizer, metaJson));
        if (updateLatest) {
            CheckpointFiles.writeLatest(workDir, file);
        }
        return file;
    }

    /**
     * Saves the state from before the current training iteration, which the model did not apply
     * (see {@link TrainableModel#trainStep}); resuming from it runs this iteration again. Does not
     * move {@code latest}. For the non-finite-loss guard, from {@code afterIter}.
     */
    public Path saveStateBeforeCurrentIter(String filename) {
        if (currentPoint != HookPoint.AFTER_ITER || mode != Mode.TRAIN) {
            throw new IllegalStateException("only valid after a training iteration");
        }
        logBuffer.dropLast(lastStepKeys);
        savingBeforeCurrentIter = true;
        try {
            return saveCheckpoint(filename, true, false);
        } finally {
            savingBeforeCurrentIter = false;
        }
    }

    private Map<String, Object> checkpointMeta() {
        int epochsDone = epoch;
        int itersDone = iter;
        int epochIter = 0;
        boolean training = mode == Mode.TRAIN;
        if (training && currentPoint == HookPoint.AFTER_ITER) {
            int undo = savingBeforeCurrentIter ? 1 : 0;
            itersDone = iter + 1 - undo;
            epochIter = consumedInEpoch() - undo;
        } else if (training && currentPoint == HookPoint.AFTER_EPOCH && byEpoch()) {
            epochsDone = epoch + 1;
        } else if (!byEpoch()) {
            epochIter = consumedInEpoch();
        }
        Map<String, Object> m = new LinkedHashMap<>(meta);
        m.put("mmdet4j_version", Version.NUMBER);
        m.put("time", LocalDateTime.now().toString());
        m.put("epoch", epochsDone);
        m.put("iter", itersDone);
        m.put("epoch_iter", epochIter);
        m.put("log_buffer", logBuffer.stateDict());
        Map<String, Object> states = new LinkedHashMap<>();
        for (Registered r : hooks) {
            Map<String, Object> s = r.hook().stateDict();
            if (!s.isEmpty()) {
                states.put(r.hook().name(), s);
            }
        }
        m.put("hook_states", states);
        return m;
    }

    /**
     * {@code resume_from}: weights, optimizer state, position, log buffer and hook states.
     * {@code checkpoint} may be a work dir (its {@code latest} checkpoint). Call before
     * {@link #run}. Returns the checkpoint's meta (with the {@code seed} the run used, if any).
     */
    public Map<String, Object> resume(Path checkpoint) {
        Path file = CheckpointFiles.resolve(checkpoint);
        String json = model.loadCheckpoint(file, true);
        if (json == null) {
            throw new IllegalArgumentException(file + " has no training state (no meta); use load_from for weights only");
        }
        Map<String, Object> m = fromJson(json, file);
        epoch = intOf(m, "epoch", file);
        iter = intOf(m, "iter", file);
        resumeEpochIter = m.containsKey("epoch_iter") ? intOf(m, "epoch_iter", file) : 0;
        if (m.get("log_buffer") instanceof Map<?, ?> lb) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) lb;
            pendingLogBuffer = typed;
        }
        if (m.get("fp16") instanceof Map<?, ?> fp16) {
            meta.put("fp16", fp16);  // mmcv's place for the loss scaler (Fp16OptimizerHook)
        }
        if (m.get("hook_states") instanceof Map<?, ?> hs) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) hs;
            pendingHookStates = typed;
        }
        out.printf("resumed from %s: epoch %d, iter %d%n", file, epoch, iter);
        return Collections.unmodifiableMap(m);
    }

    /** {@code load_from}: weights only; the run starts at epoch 0. */
    public void loadFrom(Path checkpoint) {
        Path file = CheckpointFiles.resolve(checkpoint);
        model.loadCheckpoint(file, false);
        out.printf("loaded weights from %s%n", file);
    }

    private static int intOf(Map<String, Object> m, String key, Path file) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalArgumentException(file + ": meta has no integer '" + key + "'");
        }
        return n.intValue();
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("checkpoint meta is not JSON-able: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fromJson(String json, Path file) {
        try {
            return JSON.readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": unreadable checkpoint meta: " + e.getOriginalMessage(), e);
        }
    }

    // ---- accessors ----

    public TrainableModel model() {
        return model;
    }

    public Path workDir() {
        return workDir;
    }

    public Mode mode() {
        return mode;
    }

    public int epoch() {
        return epoch;
    }

    public int iter() {
        return iter;
    }

    public int innerIter() {
        return innerIter;
    }

    public int maxEpochs() {
        return maxEpochs;
    }

    public int maxIters() {
        return maxIters;
    }

    /** The batch source of the current stage ({@code runner.data_loader}). */
    public BatchSource source() {
        return source;
    }

    /** The last step's output ({@code runner.outputs}). */
    public StepOutput outputs() {
        return outputs;
    }

    public LogBuffer logBuffer() {
        return logBuffer;
    }

    /** Values stored in every checkpoint's meta: {@code config}, {@code CLASSES}, {@code seed}. */
    public Map<String, Object> meta() {
        return meta;
    }

    /** Start time, {@code yyyyMMdd_HHmmss}; names the log files as mmdetection does. */
    public String timestamp() {
        return timestamp;
    }

    /** Where hooks print for the user (standard output unless changed). */
    public PrintStream out() {
        return out;
    }

    public void setOut(PrintStream out) {
        this.out = Objects.requireNonNull(out);
    }
}
