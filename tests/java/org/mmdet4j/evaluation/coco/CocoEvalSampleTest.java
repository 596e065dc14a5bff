package org.mmdet4j.evaluation.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample data the launcher records its start-up classes with: files eval reads as any. */
class CocoEvalSampleTest {
    @TempDir
    Path dir;

    /** bbox and segm mAP of the sample written under {@code name}. */
    private double[] evaluate(String name) throws Exception {
        Path gt = dir.resolve(name + "_gt.json");
        Path dt = dir.resolve(name + "_dt.json");
        CocoEvalSample.write(gt, dt);
        IouType[] types = IouType.values();
        double[] map = new double[types.length];
        for (int t = 0; t < types.length; t++) {
            map[t] = new CocoEvaluator(CocoGroundTruth.read(gt, types[t]), CocoDetections.read(dt), types[t])
                    .evaluate().stats()[0];
        }
        return map;
    }

    @Test
    void evaluatesBothMetricsToMatchesAndMisses() throws Exception {
        double[] map = evaluate("a");
        assertEquals(IouType.values().length, map.length);
        for (double m : map) {
            // Jittered copies of the ground truth, a quarter with a wrong category: some matches
            // at each threshold, never all.
            assertTrue(m > 0.05 && m < 0.95, "mAP " + m);
        }
        assertArrayEquals(map, evaluate("b"), "made-up data is the same each run");
    }
}
