package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmdet4j.runner.WiderFaceFixture.A1;
import static org.mmdet4j.runner.WiderFaceFixture.A2;
import static org.mmdet4j.runner.WiderFaceFixture.B1;
import static org.mmdet4j.runner.WiderFaceFixture.dets;
import static org.mmdet4j.runner.WiderFaceFixture.none;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderSubsets;
import org.mmdet4j.evaluation.widerface.WiderFaceEvaluator;
import org.mmdet4j.evaluation.widerface.WiderFaceResult;
import org.mmdet4j.evaluation.widerface.WiderImagePredictions;
import org.mmdet4j.evaluation.widerface.WiderPredictions;

/**
 * Detections of a {@code RetinaFaceDataset} scored with the official WIDER FACE evaluation, on
 * {@link WiderFaceFixture}. Scores in the cases below are 0.9, 0.8 and 0.7 (or 0.9 and 0.7): the
 * official normalisation maps the extremes to 1 and 0 and 0.8 to 0.5, so with 1000 thresholds
 * {@code 1 - (t+1)/1000} a prediction counts from t = 0 (1.0), t = 499 (0.5) or t = 999 (0.0).
 */
class WiderFaceMetricsEvaluatorTest {
    private static final double EPS = 1e-12;
    private static final float[] FALSE_POSITIVE = {60, 45, 90, 75}; // in a.jpg, overlapping no face

    @TempDir
    Path dir;

    /** a: A1 and A2 found, b: B1 found, c: nothing (it has no face). */
    static List<Detections> perfect() {
        return List.of(dets(new float[][] {A1, A2}, 0.9f, 0.8f), dets(new float[][] {B1}, 0.7f), none());
    }

    /**
     * a: A2 missed and a false positive at 0.8, listed before A1 (0.9) as a model need not sort:
     * the evaluator sorts by score, as the prediction files are written. b: B1 found.
     */
    static List<Detections> missedAndFalsePositive() {
        return List.of(dets(new float[][] {FALSE_POSITIVE, A1}, 0.8f, 0.9f), dets(new float[][] {B1}, 0.7f), none());
    }

    private WiderFaceMetricsEvaluator evaluator(WiderFaceFixture f) {
        return new WiderFaceMetricsEvaluator(f.dataset(), f.boxFile(), f.subsets());
    }

    private static void assertAps(double easy, double medium, double hard, Map<String, Object> m) {
        assertEquals(List.of("easy_AP", "medium_AP", "hard_AP"), new ArrayList<>(m.keySet()));
        assertEquals(easy, (Double) m.get("easy_AP"), EPS, "easy");
        assertEquals(medium, (Double) m.get("medium_AP"), EPS, "medium");
        assertEquals(hard, (Double) m.get("hard_AP"), EPS, "hard");
    }

    @Test
    void perfectDetectionsScoreOneOnEverySubset() throws Exception {
        WiderFaceMetricsEvaluator e = evaluator(WiderFaceFixture.write(dir));
        assertEquals(List.of("easy_AP", "medium_AP", "hard_AP"), e.metricNames());
        assertAps(1, 1, 1, e.evaluate(perfect()));
    }

    /**
     * Easy keeps A1 only: found at t = 0 with nothing before it, AP 1 (b's hit is on a face easy
     * does not keep: no proposal). Medium keeps A1 and A2: t <= 498 P 1, R 1/2; then the false
     * positive, P 1/2, R 1/2 to the end: AP 1/2. Hard keeps A1, A2, B1: t <= 498 P 1, R 1/3;
     * t 499..998 P 1/2, R 1/3; t = 999 P 2/3, R 2/3; AP = 1/3 * 1 + 1/3 * 2/3 = 5/9.
     */
    @Test
    void aMissedFaceAndAFalsePositiveLowerTheApsAsWorkedByHand() throws Exception {
        WiderFaceMetricsEvaluator e = evaluator(WiderFaceFixture.write(dir));
        assertAps(1, 0.5, 5.0 / 9, e.evaluate(missedAndFalsePositive()));
    }

    @Test
    void predictionsAreImageKeyedXywhByDescendingScore() throws Exception {
        WiderPredictions p = evaluator(WiderFaceFixture.write(dir)).predictions(missedAndFalsePositive());
        List<WiderImagePredictions> images = new ArrayList<>(p.images());
        assertEquals(3, images.size());
        assertEquals("0--Parade", images.get(0).event());
        assertEquals("a.jpg", images.get(0).name());
        assertEquals(List.of(10.0, 10.0, 30.0, 30.0, 0.9, 60.0, 45.0, 30.0, 30.0, 0.8), boxes(images.get(0)));
        assertEquals("1--Handshaking", images.get(1).event());
        assertEquals(List.of(10.0, 10.0, 40.0, 40.0, 0.7), boxes(images.get(1)));
        assertEquals(0, images.get(2).size());
    }

    private static List<Double> boxes(WiderImagePredictions p) {
        List<Double> out = new ArrayList<>();
        for (double v : p.boxes()) {
            out.add(v);
        }
        return out;
    }

    /** The written folder, read back and evaluated as {@code eval --metric widerface} does, gives the same APs. */
    @Test
    void writtenLayoutReadsBackToTheSameEvaluation() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir.resolve("data"));
        DetDataset ds = f.dataset();
        Path out = dir.resolve("pred");
        assertEquals(3, WiderFaceMetricsEvaluator.writePredictions(ds, missedAndFalsePositive(), out));
        assertEquals("a.jpg\n2\n10 10 30 30 0.9\n60 45 30 30 0.8\n", Files.readString(out.resolve("0--Parade/a.txt")));
        assertEquals("b.jpg\n1\n10 10 40 40 0.7\n", Files.readString(out.resolve("1--Handshaking/b.txt")));
        assertEquals("c.jpg\n0\n", Files.readString(out.resolve("0--Parade/c.txt")));

        WiderPredictions read = WiderPredictions.read(out);
        assertEquals(3, read.images().size());
        WiderBoxFile boxes = WiderBoxFile.read(f.boxFile());
        WiderFaceResult fromFiles = new WiderFaceEvaluator().evaluate(boxes, WiderSubsets.read(f.subsets(), boxes),
                read);
        WiderFaceResult inMemory = new WiderFaceMetricsEvaluator(ds, f.boxFile(), f.subsets())
                .result(missedAndFalsePositive());
        assertEquals(inMemory.easy(), fromFiles.easy());
        assertEquals(inMemory.medium(), fromFiles.medium());
        assertEquals(inMemory.hard(), fromFiles.hard());
        assertEquals(5.0 / 9, fromFiles.hard(), EPS);
    }

    /** The official script gives NaN for a subset without faces; the metric is left out instead. */
    @Test
    void aSubsetThatKeepsNoFaceHasNoMetric() throws Exception {
        WiderFaceMetricsEvaluator e = evaluator(WiderFaceFixture.write(dir, "", "0--Parade/a 1 2\n",
                "0--Parade/a 1 2\n1--Handshaking/b 1\n"));
        assertEquals(List.of("medium_AP", "hard_AP"), e.metricNames());
        Map<String, Object> m = e.evaluate(perfect());
        assertEquals(List.of("medium_AP", "hard_AP"), new ArrayList<>(m.keySet()));
        assertTrue(Double.isNaN(e.result(perfect()).easy()));

        e.checkSaveBest("hard_AP", "evaluation.save_best");
        e.checkSaveBest("auto", "evaluation.save_best");
        ConfigException empty = assertThrows(ConfigException.class,
                () -> e.checkSaveBest("easy_AP", "evaluation.save_best"));
        assertEquals("evaluation.save_best", empty.configPath());
        assertTrue(empty.getMessage().contains("keeps no face"), empty.getMessage());
        ConfigException coco = assertThrows(ConfigException.class,
                () -> e.checkSaveBest("bbox_mAP", "evaluation.save_best"));
        assertTrue(coco.getMessage().contains("[medium_AP, hard_AP]"), coco.getMessage());
    }

    @Test
    void noSubsetWithAFaceIsAnError() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir, "", "\n", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> evaluator(f));
        assertTrue(e.getMessage().contains("nothing to evaluate"), e.getMessage());
    }

    /**
     * b.jpg is unreadable and skipped under skip_invalid: its face B1 counts as missed. Hard:
     * A1 at t = 0 (P 1, R 1/3), A2 at t = 999 (P 1, R 2/3): AP 2/3; easy and medium stay 1.
     */
    @Test
    void anImageTheDatasetLeftOutCountsAsMissed() throws Exception {
        WiderFaceFixture f = WiderFaceFixture.write(dir);
        Files.writeString(dir.resolve("WIDER_val/images/1--Handshaking/b.jpg"), "not an image");
        Map<String, Object> cfg = f.valCfg();
        cfg.put("skip_invalid", true);
        cfg.put("max_skip_ratio", 0.5);
        DetDataset ds = TrainSetup.dataset(ConfigDict.of(cfg).with("test_mode", true), null);
        assertEquals(2, ds.size());
        WiderFaceMetricsEvaluator e = new WiderFaceMetricsEvaluator(ds, f.boxFile(), f.subsets());
        assertAps(1, 1, 2.0 / 3, e.evaluate(List.of(dets(new float[][] {A1, A2}, 0.9f, 0.8f), none())));
    }

    @Test
    void resultsMustCoverTheDataset() throws Exception {
        WiderFaceMetricsEvaluator e = evaluator(WiderFaceFixture.write(dir));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> e.evaluate(List.of(none(), none())));
        assertTrue(ex.getMessage().contains("results for 2 images, the dataset has 3"), ex.getMessage());
    }
}
