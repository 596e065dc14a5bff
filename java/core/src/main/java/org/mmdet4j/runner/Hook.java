package org.mmdet4j.runner;

import java.util.Map;

/**
 * Something the {@link Runner} calls at fixed points of the loop. The loop, for an epoch-based
 * run (an iteration-based run calls the epoch points once, around the whole run):
 * <pre>
 * beforeRun
 * for each workflow stage (mode = train or val), for each of its epochs:
 *     beforeEpoch
 *     for each batch:
 *         beforeIter                       // LR is set here
 *         outputs = model.trainStep(batch) // or valStep; log buffer updated
 *         afterIter                        // guard, checkpoint, timer, logger
 *     afterEpoch                           // checkpoint, evaluation, logger
 * afterRun
 * </pre>
 * Rules: read {@link Runner#mode()} to tell train from val; hooks run in ascending
 * {@link Priority} order, so a hook may rely on what a higher-priority hook did at the same
 * point (the logger reads the timer's values); {@code beforeIter} and {@code afterIter} run
 * every iteration and must take negligible time unless they act only every n iterations; a hook
 * stops a run by throwing (see {@link TrainingStoppedException}). A hook with state that must
 * survive a resume returns it from {@link #stateDict()} (JSON-able values), and gets it back
 * through {@link #loadStateDict} before {@code beforeRun}.
 */
public abstract class Hook {
    public void beforeRun(Runner runner) {
    }

    public void afterRun(Runner runner) {
    }

    public void beforeEpoch(Runner runner) {
    }

    public void afterEpoch(Runner runner) {
    }

    public void beforeIter(Runner runner) {
    }

    public void afterIter(Runner runner) {
    }

    /** State saved in checkpoints; empty for stateless hooks. */
    public Map<String, Object> stateDict() {
        return Map.of();
    }

    /** Restores what {@link #stateDict()} returned, on resume. */
    public void loadStateDict(Map<String, Object> state) {
    }

    /** The key of this hook's state in a checkpoint; unique among a runner's stateful hooks. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** Calls the method for {@code point}; the one place that maps points to methods. */
    final void call(HookPoint point, Runner runner) {
        switch (point) {
            case BEFORE_RUN -> beforeRun(runner);
            case AFTER_RUN -> afterRun(runner);
            case BEFORE_EPOCH -> beforeEpoch(runner);
            case AFTER_EPOCH -> afterEpoch(runner);
            case BEFORE_ITER -> beforeIter(runner);
            case AFTER_ITER -> afterIter(runner);
        }
    }
}
