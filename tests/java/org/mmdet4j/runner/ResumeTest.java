package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.runner.hooks.NonFiniteLossException;
import org.mmdet4j.runner.hooks.TrainingHooks;

/** Checkpoints, exact resume and the non-finite-loss guard, with {@link LinearModel}. */
class ResumeTest {
    @TempDir
    Path tmp;

    private static final Map<String, Object> CFG = Map.of(
            "lr_config", Map.of("policy", "step", "step", List.of(1), "gamma", 0.5, "warmup", "linear",
                    "warmup_iters", 4, "warmup_ratio", 0.1),
            "optimizer_config", Map.of("grad_clip", Map.of("max_norm", 5.0)),
            "checkpoint_config", Map.of("interval", 1),
            "log_config", Map.of("interval", 2, "hooks", List.of(Map.of("type", "TextLoggerHook", "ignore_last", false))));

    /** Stops a run right after the checkpoint of epoch {@code n} (a run killed between epochs). */
    static final class StopAfterEpoch extends Hook {
        final int n;

        StopAfterEpoch(int n) {
            this.n = n;
        }

        @Override
        public void afterEpoch(Runner r) {
            if (r.mode() == Mode.TRAIN && r.epoch() + 1 == n) {
                throw new TrainingStoppedException("stopped after epoch " + n);
            }
        }
    }

    private static LinearModel model() {
        LinearModel m = new LinearModel(3);
        m.configureOptimizer(OptimizerConfig.sgd(0.05, 0.9, 1e-4));
        return m;
    }

    private static Runner runner(Runner r, Map<String, Object> cfg) {
        r.setOut(new PrintStream(PrintStream.nullOutputStream()));
        r.meta().put("seed", 3);
        TrainingHooks.register(r, Config.of(cfg));
        return r;
    }

    private static final List<WorkflowStage> TRAIN = WorkflowStage.parse(List.of(List.of("train", 1)));

    @Test
    void twoEpochsStraightEqualOneEpochResumeOneEpoch() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        LinearModel straight = model();
        runner(new EpochBasedRunner(straight, a, 2), CFG).run(List.of(new SyntheticSource(22, 3, 4, 5)), TRAIN);

        Path b = Files.createDirectories(tmp.resolve("b"));
        Runner first = runner(new EpochBasedRunner(model(), b, 2), CFG);
        first.registerHook(new StopAfterEpoch(1), Priority.LOWEST);
        assertThrows(TrainingStoppedException.class, () -> first.run(List.of(new SyntheticSource(22, 3, 4, 5)), TRAIN));
        assertEquals(b.resolve("epoch_1.pth"), CheckpointFiles.readLatest(b));

        LinearModel resumed = model();
        Runner second = runner(new EpochBasedRunner(resumed, b, 2), CFG);
        second.resume(b);
        assertEquals(1, second.epoch());
        assertEquals(6, second.iter());
        second.run(List.of(new SyntheticSource(22, 3, 4, 5)), TRAIN);

        assertArrayEquals(straight.weights(), resumed.weights(), 1e-6);
        assertEquals(trainLosses(a), trainLosses(b));
        assertEquals(12, straight.usedLrs.size());
        assertEquals(6, resumed.usedLrs.size());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(straight.usedLrs.get(6 + i), resumed.usedLrs.get(i), 0, "LR of iteration " + (7 + i));
        }
    }

    @Test
    void iterBasedResumeMidEpochIsExact() throws IOException {
        Map<String, Object> cfg = new java.util.HashMap<>(CFG);
        cfg.put("lr_config", Map.of("policy", "poly", "power", 1.0, "warmup", "exp", "warmup_iters", 3,
                "warmup_ratio", 0.2));
        cfg.put("checkpoint_config", Map.of("interval", 7));
        Path a = Files.createDirectories(tmp.resolve("a"));
        LinearModel straight = model();
        runner(new IterBasedRunner(straight, a, 16), cfg).run(List.of(new SyntheticSource(10, 3, 4, 9)), TRAIN);

        Path b = Files.createDirectories(tmp.resolve("b"));
        Runner first = runner(new IterBasedRunner(model(), b, 16), cfg);
        first.registerHook(new Hook() {
            @Override
            public void afterIter(Runner r) {
                if (r.iter() + 1 == 8) {
                    throw new TrainingStoppedException("stop");
                }
            }
        }, Priority.LOWEST);
        assertThrows(TrainingStoppedException.class, () -> first.run(List.of(new SyntheticSource(10, 3, 4, 9)), TRAIN));
        LinearModel resumed = model();
        Runner second = runner(new IterBasedRunner(resumed, b, 16), cfg);
        Map<String, Object> meta = second.resume(b.resolve("iter_7.pth"));
        assertEquals(7, meta.get("iter"));
        assertEquals(2, meta.get("epoch"), "7 batches of 3-batch epochs: loader epoch 2");
        assertEquals(1, meta.get("epoch_iter"));
        second.run(List.of(new SyntheticSource(10, 3, 4, 9)), TRAIN);
        assertArrayEquals(straight.weights(), resumed.weights(), 1e-6);
        List<List<Double>> la = trainLosses(a);
        List<List<Double>> lb = trainLosses(b);
        // run b logged iterations 2..6 before the stop (iter 8 is not a log point) and 8..16 after
        assertEquals(la, lb);
    }

    @Test
    void maxKeepCkptsDeletesTheOldest() throws IOException {
        Map<String, Object> cfg = new java.util.HashMap<>(CFG);
        cfg.put("checkpoint_config", Map.of("interval", 1, "max_keep_ckpts", 2));
        runner(new EpochBasedRunner(model(), tmp, 5), cfg).run(List.of(new SyntheticSource(8, 3, 4, 5)), TRAIN);
        try (Stream<Path> files = Files.list(tmp)) {
            List<String> ckpts = files.filter(p -> !Files.isSymbolicLink(p)).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pth")).sorted()
                    .toList();
            assertEquals(List.of("epoch_4.pth", "epoch_5.pth"), ckpts);
        }
        assertEquals(tmp.resolve("epoch_5.pth"), CheckpointFiles.readLatest(tmp));
    }

    @Test
    void maxKeepCkptsNeverDeletesTheNewCheckpointForAnOldRunsHigherNumbers() throws IOException {
        // A longer earlier run left epoch_8.pth in the work dir; this 2-epoch run keeps 1 file.
        Files.write(tmp.resolve("epoch_8.pth"), new byte[] {1, 2, 3});
        Map<String, Object> cfg = new java.util.HashMap<>(CFG);
        cfg.put("checkpoint_config", Map.of("interval", 1, "max_keep_ckpts", 1));
        runner(new EpochBasedRunner(model(), tmp, 2), cfg).run(List.of(new SyntheticSource(8, 3, 4, 5)), TRAIN);
        try (Stream<Path> files = Files.list(tmp)) {
            List<String> ckpts = files.filter(p -> !Files.isSymbolicLink(p)).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pth")).sorted()
                    .toList();
            assertEquals(List.of("epoch_2.pth", "epoch_8.pth"), ckpts);
        }
        assertEquals(tmp.resolve("epoch_2.pth"), CheckpointFiles.readLatest(tmp));
    }

    @Test
    void forcedNanStopsWithMessageAndSavesLastGoodState() throws IOException {
        SyntheticSource data = new SyntheticSource(20, 3, 4, 5);
        // the sample at position 9 of epoch 1's order lands in batch 3 (positions 8..11): iteration 5 + 3 = 8
        data.nanSample = data.order(1)[9];
        data.nanEpoch = 1;
        LinearModel m = model();
        Runner r = runner(new EpochBasedRunner(m, tmp, 3), CFG);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> r.run(List.of(data), TRAIN));
        assertEquals(8, e.iteration());
        assertEquals("loss_mse", e.term());
        assertTrue(e.getMessage().startsWith("non-finite loss at iteration 8 (epoch 2, batch 3/5): loss_mse = NaN"),
                e.getMessage());
        assertTrue(e.getMessage().contains(e.checkpoint().toString()), e.getMessage());
        assertEquals(tmp.resolve("last_good_iter_7.pth"), e.checkpoint());
        assertEquals(tmp.resolve("epoch_1.pth"), CheckpointFiles.readLatest(tmp), "latest is left alone");

        double[] good = m.weights();
        assertTrue(java.util.Arrays.stream(good).allMatch(Double::isFinite));
        LinearModel loaded = model();
        Runner again = runner(new EpochBasedRunner(loaded, tmp, 3), CFG);
        Map<String, Object> meta = again.resume(e.checkpoint());
        assertArrayEquals(good, loaded.weights(), 0);
        assertEquals(7, meta.get("iter"));
        assertEquals(1, meta.get("epoch"));
        assertEquals(2, meta.get("epoch_iter"));
        // the bad iteration is logged nowhere
        for (List<Double> l : trainLosses(tmp)) {
            assertTrue(l.stream().allMatch(Double::isFinite), l.toString());
        }
        assertFalse(Files.exists(tmp.resolve("epoch_2.pth")));
    }

    /** loss_mse, loss_reg, loss of every train line of every JSON log in {@code dir}, by (epoch, iter). */
    static List<List<Double>> trainLosses(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<List<Double>> out = new ArrayList<>();
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(p -> p.toString().endsWith(".log.json")).sorted().toList();
        }
        java.util.TreeMap<String, List<Double>> byPos = new java.util.TreeMap<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                Map<?, ?> e = json.readValue(line, Map.class);
                if ("train".equals(e.get("mode"))) {
                    assertEquals(List.of("mode", "epoch", "iter", "lr", "memory", "data_time", "loss_mse", "loss_reg",
                            "loss", "grad_norm", "time"), List.copyOf(e.keySet()));
                    byPos.put(String.format("%04d-%06d", (Integer) e.get("epoch"), (Integer) e.get("iter")),
                            List.of(((Number) e.get("loss_mse")).doubleValue(), ((Number) e.get("loss_reg")).doubleValue(),
                                    ((Number) e.get("loss")).doubleValue(), ((Number) e.get("lr")).doubleValue()));
                }
            }
        }
        out.addAll(byPos.values());
        return out;
    }
}
