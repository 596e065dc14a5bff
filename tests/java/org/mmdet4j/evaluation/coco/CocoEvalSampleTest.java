package org.mmdet4j.evaluation.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sample evaluation the launcher records its start-up classes with. */
class CocoEvalSampleTest {
    @Test
    void evaluatesBothMetricsToMatchesAndMisses() {
        double[] map = CocoEvalSample.run();
        assertEquals(IouType.values().length, map.length);
        for (double m : map) {
            // Jittered copies of the ground truth, a quarter with a wrong category: some matches
            // at each threshold, never all.
            assertTrue(m > 0.05 && m < 0.95, "mAP " + m);
        }
        assertArrayEquals(map, CocoEvalSample.run(), "made-up data is the same each run");
    }
}
