package org.mmdet4j.evaluation.widerface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps of the official evaluation, each on values worked by hand. */
class WiderFaceStepsTest {
    private static double iou(double[] a, double[] b) {
        return FaceOverlaps.iou(FaceOverlaps.corners(a, 4, 1), 0, FaceOverlaps.corners(b, 4, 1), 0);
    }

    /**
     * Corners are x + w, and both end pixels count: a 9 x 9 box at the origin spans 10 x 10 = 100
     * pixels, its left half (w = 4) 5 x 10 = 50, so their IoU is exactly 0.5 (0.44 without the
     * +1). A box of size 0 is one pixel.
     */
    @Test
    void overlapsCountBothEndPixels() {
        assertEquals(0.5, iou(new double[] {0, 0, 4, 9}, new double[] {0, 0, 9, 9}), 0.0);
        assertEquals(1.0, iou(new double[] {10, 10, 0, 0}, new double[] {10, 10, 0, 0}), 0.0);
        // Touching boxes share a column of pixels: 1 x 10 of 10 x 10 + 10 x 10 - 10.
        assertEquals(10.0 / 190, iou(new double[] {0, 0, 9, 9}, new double[] {9, 0, 9, 9}), 1e-15);
        assertEquals(0.0, iou(new double[] {0, 0, 9, 9}, new double[] {10, 0, 9, 9}), 0.0);
    }

    @Test
    void matchingInFileOrder() {
        double[] faces = {0, 0, 9, 9, 50, 0, 9, 9, 0, 0, 9, 9};
        boolean[] kept = {true, true, false};
        double[] preds = {
            0, 0, 4, 9, 0.9,      // IoU 0.5 with face 1 (and face 3: the first maximum wins): recalls it
            0, 0, 9, 9, 0.8,      // face 1 again: a proposal recalling nothing new
            50, 0, 9, 9, 0.7,     // face 2
            200, 0, 9, 9, 0.6,    // nothing
        };
        ImageMatch m = ImageMatch.of(preds, faces, kept, 0.5);
        assertArrayEquals(new int[] {1, 1, 2, 2}, m.recalled());
        assertArrayEquals(new boolean[] {true, true, true, true}, m.proposal());
        // With face 1 unkept, the first maximum is still face 1: the first two are no proposals.
        ImageMatch u = ImageMatch.of(preds, faces, new boolean[] {false, true, true}, 0.5);
        assertArrayEquals(new int[] {0, 0, 1, 1}, u.recalled());
        assertArrayEquals(new boolean[] {false, false, true, true}, u.proposal());
    }

    /**
     * A threshold counts the file up to its last prediction reaching it, as the Python
     * evaluation reads it: with scores 0.2 then 0.9 (unsorted), every threshold at or below 0.9
     * counts both predictions.
     */
    @Test
    void thresholdsTakeAPrefixOfTheFile() {
        PrCurve c = new PrCurve(10); // thresholds 0.9, 0.8, ..., 0.0
        c.add(new double[] {0.2, 0.9}, new ImageMatch(new int[] {1, 1}, new boolean[] {true, true}));
        assertEquals(2, c.proposals(0));
        assertEquals(1, c.recalled(0));
        c.add(new double[] {0.85, 0.05}, new ImageMatch(new int[] {0, 1}, new boolean[] {false, true}));
        long[] proposals = new long[10], recalled = new long[10];
        for (int t = 0; t < 10; t++) {
            proposals[t] = c.proposals(t);
            recalled[t] = c.recalled(t);
        }
        // Second image: nothing at 0.9; 0.85 reaches 0.8 (no proposal, nothing recalled); both at 0.0.
        assertArrayEquals(new long[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 3}, proposals);
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 2}, recalled);
    }

    @Test
    void vocApWithNaNPrecisionBeforeTheFirstRecall() {
        // Recall 0 with no proposals (NaN precision), then 1/2 at precision 1, then 1 at 1/2.
        double ap = VocAp.ap(new double[] {0, 0.5, 1}, new double[] {Double.NaN, 1, 0.5});
        assertEquals(0.5 * 1 + 0.5 * 0.5, ap, 0.0);
        // Recall never rises: only the sentinel step to 1, at precision 0.
        assertEquals(0.0, VocAp.ap(new double[] {0, 0}, new double[] {Double.NaN, Double.NaN}), 0.0);
        // No faces: NaN recall reaches the sum.
        assertTrue(Double.isNaN(VocAp.ap(new double[] {Double.NaN}, new double[] {1})));
    }

    private static WiderImagePredictions scores(double... s) {
        double[] b = new double[5 * s.length];
        for (int i = 0; i < s.length; i++) {
            b[5 * i + 4] = s[i];
        }
        return new WiderImagePredictions("e", "x" + s.length, null, b);
    }

    /** The official seeds: max starts at 0 and min at 1. */
    @Test
    void scoreRangeIsSeededWithZeroAndOne() {
        assertEquals(new ScoreRange(0.2, 0.6), ScoreRange.of(List.of(scores(0.2, 0.6))));
        assertEquals(new ScoreRange(1, 3), ScoreRange.of(List.of(scores(2, 3), scores())));
        assertEquals(new ScoreRange(-1, 0.5), ScoreRange.of(List.of(scores(0.5), scores(-1, 0.25))));
        ScoreRange none = ScoreRange.of(List.of(scores()));
        assertEquals(new ScoreRange(1, 0), none);
        assertFalse(none.degenerate());
        assertEquals(0.5, new ScoreRange(1, 3).normalize(2), 0.0);
        ScoreRange one = ScoreRange.of(List.of(scores(0.7, 0.7)));
        assertTrue(one.degenerate());
        assertTrue(Double.isNaN(one.normalize(0.7)));
    }

    @Test
    void apsArePrintedAsPythonPrintsFloats() {
        assertEquals("0.5555555555555556", WiderFaceResult.pythonFloat(5.0 / 9));
        assertEquals("0.0005", WiderFaceResult.pythonFloat(5e-4));
        assertEquals("0.0", WiderFaceResult.pythonFloat(0));
        assertEquals("1.0", WiderFaceResult.pythonFloat(1));
        assertEquals("0.0001", WiderFaceResult.pythonFloat(1e-4));
        assertEquals("1.3513238695146032e-05", WiderFaceResult.pythonFloat(1.3513238695146032e-5));
        assertEquals("1e-05", WiderFaceResult.pythonFloat(1e-5));
        assertEquals("1234567890123456.0", WiderFaceResult.pythonFloat(1234567890123456.0));
        assertEquals("1e+16", WiderFaceResult.pythonFloat(1e16));
        assertEquals("1.5e+300", WiderFaceResult.pythonFloat(1.5e300));
        assertEquals("nan", WiderFaceResult.pythonFloat(Double.NaN));
    }
}
