package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookOrderTest {
    @TempDir
    Path dir;

    /** Records "name:mmcv_point" at every point. */
    static final class Recorder extends Hook {
        final String tag;
        final List<String> log;

        Recorder(String tag, List<String> log) {
            this.tag = tag;
            this.log = log;
        }

        private void rec(Runner r, HookPoint p) {
            log.add(tag + ":" + p.mmcvName(r.mode()));
        }

        @Override
        public void beforeRun(Runner r) {
            rec(r, HookPoint.BEFORE_RUN);
        }

        @Override
        public void afterRun(Runner r) {
            rec(r, HookPoint.AFTER_RUN);
        }

        @Override
        public void beforeEpoch(Runner r) {
            rec(r, HookPoint.BEFORE_EPOCH);
        }

        @Override
        public void afterEpoch(Runner r) {
            rec(r, HookPoint.AFTER_EPOCH);
        }

        @Override
        public void beforeIter(Runner r) {
            rec(r, HookPoint.BEFORE_ITER);
        }

        @Override
        public void afterIter(Runner r) {
            rec(r, HookPoint.AFTER_ITER);
        }
    }

    @Test
    void hooksRunInPriorityOrderAtMmcvPoints() {
        List<String> log = new ArrayList<>();
        Runner runner = new EpochBasedRunner(new LinearModel(2), dir, 1);
        runner.registerHook(new Recorder("low", log), Priority.LOW);
        runner.registerHook(new Recorder("high", log), Priority.HIGH);
        runner.registerHook(new Recorder("normal1", log), Priority.NORMAL);
        runner.registerHook(new Recorder("normal2", log), Priority.NORMAL);
        runner.run(List.of(new SyntheticSource(4, 2, 2, 1), new SyntheticSource(2, 2, 2, 2)),
                WorkflowStage.parse(List.of(List.of("train", 1), List.of("val", 1))));
        List<String> expected = new ArrayList<>();
        String[] order = {"high", "normal1", "normal2", "low"};
        java.util.function.Consumer<String> all = p -> {
            for (String h : order) {
                expected.add(h + ":" + p);
            }
        };
        all.accept("before_run");
        all.accept("before_train_epoch");
        for (int i = 0; i < 2; i++) {
            all.accept("before_train_iter");
            all.accept("after_train_iter");
        }
        all.accept("after_train_epoch");
        all.accept("before_val_epoch");
        all.accept("before_val_iter");
        all.accept("after_val_iter");
        all.accept("after_val_epoch");
        all.accept("after_run");
        assertEquals(expected, log);
        assertEquals(1, runner.epoch());
        assertEquals(2, runner.iter());
    }

    @Test
    void iterBasedRunnerCallsEpochPointsOnceAndCyclesTheData() {
        List<String> log = new ArrayList<>();
        SyntheticSource src = new SyntheticSource(4, 2, 2, 1);
        Runner runner = new IterBasedRunner(new LinearModel(2), dir, 5);
        runner.registerHook(new Recorder("h", log), Priority.NORMAL);
        runner.run(List.of(src), WorkflowStage.parse(List.of(List.of("train", 1))));
        List<String> expected = new ArrayList<>(List.of("h:before_run", "h:before_train_epoch"));
        for (int i = 0; i < 5; i++) {
            expected.add("h:before_train_iter");
            expected.add("h:after_train_iter");
        }
        expected.addAll(List.of("h:after_train_epoch", "h:after_run"));
        assertEquals(expected, log);
        assertEquals(5, runner.iter());
        assertEquals(2, runner.epoch(), "5 iterations of 2-batch epochs end in the loader's third epoch");
        assertEquals(3, src.opened);
    }
}
