package org.mmdet4j.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * mmcv's {@code IterBasedRunner}: each workflow count is a number of iterations, batch sources
 * are cycled endlessly (a new epoch of the loader when one runs out), and the run ends after
 * {@code max_iters} training iterations. The epoch hook points are called once, around the run;
 * {@link #epoch()} is the training loader's epoch.
 */
public final class IterBasedRunner extends Runner {
    /** A source cycled epoch after epoch, remembering where it is. */
    private static final class Cycle {
        final BatchSource source;
        int epoch;
        int position;
        BatchSource.Batches open;

        Cycle(BatchSource source, int epoch, int position) {
            this.source = source;
            this.epoch = epoch;
            this.position = position;
        }

        org.mmdet4j.data.loader.Batch next() {
            for (int attempt = 0; attempt < 2; attempt++) {
                if (open == null) {
                    open = source.open(epoch, position);
                }
                if (open.hasNext()) {
                    position++;
                    return open.next();
                }
                open.close();
                open = null;
                epoch++;
                position = 0;
            }
            throw new IllegalStateException("a batch source gave an empty epoch");
        }

        void close() {
            if (open != null) {
                open.close();
                open = null;
            }
        }
    }

    private Cycle trainCycle;

    public IterBasedRunner(TrainableModel model, Path workDir, int maxIters) {
        super(model, workDir);
        if (maxIters <= 0) {
            throw new IllegalArgumentException("max_iters must be positive, got " + maxIters);
        }
        this.maxIters = maxIters;
    }

    @Override
    public boolean byEpoch() {
        return false;
    }

    @Override
    protected int consumedInEpoch() {
        return trainCycle == null ? resumeEpochIter : trainCycle.position;
    }

    @Override
    public void run(List<BatchSource> sources, List<WorkflowStage> workflow) {
        if (sources.size() != workflow.size()) {
            throw new IllegalArgumentException("workflow has " + workflow.size() + " stages but " + sources.size()
                    + " batch sources were given");
        }
        List<Cycle> cycles = new ArrayList<>();
        for (int i = 0; i < workflow.size(); i++) {
            boolean train = workflow.get(i).mode() == Mode.TRAIN;
            Cycle c = train ? new Cycle(sources.get(i), epoch, resumeEpochIter) : new Cycle(sources.get(i), 0, 0);
            if (train) {
                trainCycle = c;
            }
            cycles.add(c);
        }
        resumeEpochIter = 0;
        beforeRunning();
        mode = Mode.TRAIN;
        source = trainCycle.source;
        callHook(HookPoint.BEFORE_RUN);
        callHook(HookPoint.BEFORE_EPOCH);
        restoreLogBuffer();
        try {
            while (iter < maxIters) {
                for (int i = 0; i < workflow.size(); i++) {
                    WorkflowStage stage = workflow.get(i);
                    innerIter = 0;
                    for (int k = 0; k < stage.count(); k++) {
                        if (stage.mode() == Mode.TRAIN && iter >= maxIters) {
                            break;
                        }
                        step(stage.mode(), cycles.get(i));
                    }
                }
            }
        } finally {
            cycles.forEach(Cycle::close);
        }
        mode = Mode.TRAIN;
        callHook(HookPoint.AFTER_EPOCH);
        callHook(HookPoint.AFTER_RUN);
    }

    private void step(Mode m, Cycle cycle) {
        if (m == Mode.TRAIN) {
            model.trainMode();
        } else {
            model.evalMode();
        }
        mode = m;
        source = cycle.source;
        org.mmdet4j.data.loader.Batch batch = cycle.next();
        if (m == Mode.TRAIN) {
            epoch = cycle.epoch;
        }
        callHook(HookPoint.BEFORE_ITER);
        runIter(batch);
        callHook(HookPoint.AFTER_ITER);
        innerIter++;
        if (m == Mode.TRAIN) {
            iter++;
        }
    }
}
