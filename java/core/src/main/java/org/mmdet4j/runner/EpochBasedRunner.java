package org.mmdet4j.runner;

import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.data.loader.Batch;

/**
 * mmcv's {@code EpochBasedRunner}: each workflow count is a number of epochs, and the run
 * ends after {@code max_epochs} training epochs.
 */
public final class EpochBasedRunner extends Runner {
    public EpochBasedRunner(TrainableModel model, Path workDir, int maxEpochs) {
        super(model, workDir);
        if (maxEpochs <= 0) {
            throw new IllegalArgumentException("max_epochs must be positive, got " + maxEpochs);
        }
        this.maxEpochs = maxEpochs;
    }

    @Override
    public boolean byEpoch() {
        return true;
    }

    @Override
    protected int consumedInEpoch() {
        return innerIter + 1;
    }

    @Override
    public void run(List<BatchSource> sources, List<WorkflowStage> workflow) {
        if (sources.size() != workflow.size()) {
            throw new IllegalArgumentException("workflow has " + workflow.size() + " stages but " + sources.size()
                    + " batch sources were given");
        }
        for (int i = 0; i < workflow.size(); i++) {
            if (workflow.get(i).mode() == Mode.TRAIN) {
                maxIters = maxEpochs * sources.get(i).batchesPerEpoch();
            }
        }
        beforeRunning();
        callHook(HookPoint.BEFORE_RUN);
        while (epoch < maxEpochs) {
            for (int i = 0; i < workflow.size(); i++) {
                WorkflowStage stage = workflow.get(i);
                for (int k = 0; k < stage.count(); k++) {
                    if (stage.mode() == Mode.TRAIN && epoch >= maxEpochs) {
                        break;
                    }
                    if (stage.mode() == Mode.TRAIN) {
                        train(sources.get(i));
                    } else {
                        val(sources.get(i));
                    }
                }
            }
        }
        callHook(HookPoint.AFTER_RUN);
    }

    private void train(BatchSource src) {
        model.trainMode();
        mode = Mode.TRAIN;
        source = src;
        int start = resumeEpochIter;
        resumeEpochIter = 0;
        callHook(HookPoint.BEFORE_EPOCH);
        if (start > 0) {
            restoreLogBuffer();
        }
        try (BatchSource.Batches batches = src.open(epoch, start)) {
            innerIter = start;
            while (batches.hasNext()) {
                Batch batch = batches.next();
                callHook(HookPoint.BEFORE_ITER);
                runIter(batch);
                callHook(HookPoint.AFTER_ITER);
                innerIter++;
                iter++;
            }
        }
        callHook(HookPoint.AFTER_EPOCH);
        epoch++;
    }

    private void val(BatchSource src) {
        model.evalMode();
        mode = Mode.VAL;
        source = src;
        callHook(HookPoint.BEFORE_EPOCH);
        try (BatchSource.Batches batches = src.open(epoch, 0)) {
            innerIter = 0;
            while (batches.hasNext()) {
                Batch batch = batches.next();
                callHook(HookPoint.BEFORE_ITER);
                runIter(batch);
                callHook(HookPoint.AFTER_ITER);
                innerIter++;
            }
        }
        callHook(HookPoint.AFTER_EPOCH);
    }
}
