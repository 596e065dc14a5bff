package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.runner.hooks.EvalHook;

/**
 * {@code evaluation = dict(metric='widerface', subsets=...)} during training: how
 * {@link TrainSetup} reads it, its config errors, and {@code save_best} on a subset's AP.
 */
class WiderFaceEvaluationConfigTest {
    @TempDir
    Path dir;

    private static Config config(Map<String, Object> evaluation, Map<String, Object> val) {
        return Config.of(Map.of("evaluation", evaluation, "data", Map.of("val", val)));
    }

    private static EvalHook evalHook(Config cfg) {
        return TrainSetup.evalHook(cfg, cfg.getDict("data"), true, 0, false);
    }

    private static ConfigException configError(Config cfg, String path, String detail) {
        ConfigException e = assertThrows(ConfigException.class, () -> evalHook(cfg));
        assertEquals(path, e.configPath(), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        return e;
    }

    /**
     * {@code subsets} relative to data.val's data_root; {@code data.val.samples_per_gpu}, as the
     * WIDER FACE base config gives it, is the loader's and not passed to the dataset.
     */
    @Test
    void widerfaceOnAFaceDatasetBuildsTheHook() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir);
        assertFalse(Files.exists(Path.of("wider_face_split/subsets")));
        Map<String, Object> val = new HashMap<>(f.valCfg());
        val.put("samples_per_gpu", 1);
        assertNotNull(evalHook(config(Map.of("interval", 2, "metric", "widerface",
                "subsets", "wider_face_split/subsets", "save_best", "hard_AP"), val)));
        assertNotNull(evalHook(config(Map.of("metric", List.of("widerface"), "subsets", f.subsets().toString()),
                f.valCfg())));
    }

    @Test
    void subsetsWithACocoMetricIsAnError() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir);
        configError(config(Map.of("metric", "bbox", "subsets", "wider_face_split/subsets"), f.valCfg()),
                "evaluation.subsets", "only for metric 'widerface'");
        configError(config(Map.of("subsets", "wider_face_split/subsets"), f.valCfg()),
                "evaluation.subsets", "only for metric 'widerface', the metric here is bbox");
    }

    @Test
    void widerfaceNeedsARetinaFaceDataset() throws Exception {
        Map<String, Object> coco = Map.of("type", "CocoDataset", "ann_file", "instances_val.json",
                "img_prefix", "val/", "pipeline", List.of());
        configError(config(Map.of("metric", "widerface", "subsets", dir.toString()), coco),
                "data.val.type", "metric 'widerface' needs a RetinaFaceDataset, got 'CocoDataset'");
    }

    @Test
    void aBboxMetricOnAFaceDatasetPointsToWiderface() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir);
        configError(config(Map.of("metric", "bbox"), f.valCfg()), "data.val.type",
                "with metric 'widerface', a RetinaFaceDataset");
    }

    @Test
    void widerfaceNeedsTheBoxFileNotALabelFile() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir);
        Files.writeString(dir.resolve("label.txt"), "# 0--Parade/a.jpg\n10 10 30 30\n");
        Map<String, Object> val = new HashMap<>(f.valCfg());
        val.put("ann_file", "label.txt");
        configError(config(Map.of("metric", "widerface", "subsets", "wider_face_split/subsets"), val),
                "data.val.ann_file", "is a RetinaFace label file");
        val.put("ann_file", List.of("label.txt", "label.txt"));
        configError(config(Map.of("metric", "widerface", "subsets", "wider_face_split/subsets"), val),
                "data.val.ann_file", "needs one WIDER FACE box file");
    }

    @Test
    void subsetsMustBeGivenAndFound() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir);
        configError(config(Map.of("metric", "widerface"), f.valCfg()), "evaluation.subsets",
                "missing; metric 'widerface' needs the folder with easy.txt");
        configError(config(Map.of("metric", "widerface", "subsets", "no/such/subsets"), f.valCfg()),
                "evaluation.subsets", "folder not found: no/such/subsets (nor " + dir.resolve("no/such/subsets"));
    }

    @Test
    void widerfaceIsEvaluatedAloneAndSaveBestMustNameItsMetric() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir);
        configError(config(Map.of("metric", List.of("bbox", "widerface"), "subsets", "wider_face_split/subsets"),
                f.valCfg()), "evaluation.metric", "'widerface' is evaluated alone");
        configError(config(Map.of("metric", "widerface", "subsets", "wider_face_split/subsets",
                "save_best", "bbox_mAP"), f.valCfg()), "evaluation.save_best",
                "'bbox_mAP' is not a metric of this evaluation; it gives [easy_AP, medium_AP, hard_AP]");
    }

    /**
     * {@code save_best='hard_AP'} keeps the checkpoint of the best hard AP, as for bbox_mAP:
     * epochs score 5/9, 1 and 2/3 (the cases of {@link WiderFaceMetricsEvaluatorTest}), so epoch
     * 2's is kept and epoch 1's deleted.
     */
    @Test
    void saveBestKeepsTheBestHardApCheckpoint() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir.resolve("data"));
        WiderFaceMetricsEvaluator faces = new WiderFaceMetricsEvaluator(f.dataset(), f.boxFile(), f.subsets());
        List<List<Detections>> perEpoch = List.of(WiderFaceMetricsEvaluatorTest.missedAndFalsePositive(),
                WiderFaceMetricsEvaluatorTest.perfect(),
                List.of(WiderFaceFixture.dets(new float[][] {WiderFaceFixture.A1}, 0.9f),
                        WiderFaceFixture.dets(new float[][] {WiderFaceFixture.B1}, 0.7f), WiderFaceFixture.none()));
        // The model's own predictions (of a regression toy) are replaced by the scripted ones.
        Evaluator scripted = new Evaluator() {
            int epoch;

            @Override
            public Map<String, Object> evaluate(List<Detections> ignored) {
                return faces.evaluate(perEpoch.get(epoch++));
            }
        };
        Path work = Files.createDirectories(dir.resolve("work"));
        LinearModel model = new LinearModel(3);
        Runner runner = new EpochBasedRunner(model, work, 3);
        runner.setOut(new PrintStream(PrintStream.nullOutputStream()));
        runner.meta().put("seed", 1);
        EvalHook hook = new EvalHook(new SyntheticSource(3, 3, 3, 7), scripted, 1, true, "hard_AP", null);
        runner.registerHook(hook, Priority.LOW);
        runner.run(List.of(new SyntheticSource(6, 3, 3, 5)), WorkflowStage.parse(List.of(List.of("train", 1))));

        assertTrue(Files.exists(work.resolve("best_hard_AP_epoch_2.pth")));
        assertFalse(Files.exists(work.resolve("best_hard_AP_epoch_1.pth")));
        assertFalse(Files.exists(work.resolve("best_hard_AP_epoch_3.pth")));
        assertEquals(Map.of("best_key", "hard_AP", "best_score", 1.0, "best_ckpt", "best_hard_AP_epoch_2.pth"),
                hook.stateDict());
        assertEquals(2.0 / 3, (Double) hook.lastMetrics().get("hard_AP"), 1e-12);
    }
}
