package org.mmdet4j.evaluation.recall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two ground truths, three scored proposals. By score: p1 = [20,20,30,25] (IoU 0.5 with g2),
 * p0 = g1 exactly, p2 far away. Top 1: only g2 is covered, at 0.5. Top 2 or 3: g1 at 1, g2 at 0.5.
 */
class ProposalRecallTest {
    private static final List<double[]> GTS = List.of(new double[] {0, 0, 10, 10, 20, 20, 30, 30});
    private static final List<double[]> PROPOSALS = List.of(new double[] {
        0, 0, 10, 10, 0.5, 20, 20, 30, 25, 0.9, 100, 100, 110, 110, 0.1});

    @Test
    void recallPerProposalNumberAndThreshold() {
        double[][] r = ProposalRecall.evaluate(GTS, PROPOSALS, true, new int[] {1, 2, 3}, new double[] {0.5, 0.7});
        assertArrayEquals(new double[] {0.5, 0.0}, r[0], 0.0);
        assertArrayEquals(new double[] {1.0, 0.5}, r[1], 0.0);
        assertArrayEquals(new double[] {1.0, 0.5}, r[2], 0.0);
    }

    @Test
    void imagesWithoutGroundTruthOrProposals() {
        double[][] r = ProposalRecall.evaluate(List.of(new double[0], new double[] {0, 0, 4, 4}),
                List.of(new double[] {0, 0, 1, 1, 0.5}, new double[0]), true, new int[] {100}, new double[] {0.5});
        assertArrayEquals(new double[] {0.0}, r[0], 0.0);
        double[][] none = ProposalRecall.evaluate(List.of(new double[0]), List.of(new double[0]), false);
        assertTrue(Double.isNaN(none[0][0]));
    }
}
