package org.mmdet4j.evaluation.voc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One class, one image: ground truth g1 = [0,0,10,10] and g2 = [40,40,50,50], a difficult box
 * [20,20,30,30]. Detections by score: exact g1 (TP), the difficult box (ignored), a miss (FP),
 * g1 again (IoU 0.9, already covered: FP). Worked by hand: recall 0.5 throughout, precision
 * 1, 1, 1/2, 1/3. Area AP = 0.5 * 1 = 0.5; 11-point AP = 6/11 (thresholds 0..0.5 reach 1).
 */
class VocMeanApTest {
    private static VocImage image() {
        return new VocImage(new double[] {0, 0, 10, 10, 40, 40, 50, 50}, new int[] {0, 0},
                new double[] {20, 20, 30, 30}, new int[] {0},
                new double[][] {{0, 0, 10, 10, 0.9, 20, 20, 30, 30, 0.8, 60, 60, 70, 70, 0.7,
                    0, 0, 10, 9, 0.6}});
    }

    @Test
    void areaMode() {
        VocResult r = VocMeanAp.voc(1, VocMeanAp.Mode.AREA).evaluate(List.of(image()));
        assertEquals(0.5, r.meanAp()[0], 0.0);
        VocResult.ClassResult c = r.classes().get(0);
        assertEquals(2, c.numGts()[0]);
        assertEquals(4, c.numDets());
        assertEquals(0.5, c.recall()[0], 0.0);
    }

    @Test
    void elevenPointMode() {
        VocResult r = VocMeanAp.voc(1, VocMeanAp.Mode.ELEVEN_POINTS).evaluate(List.of(image()));
        assertEquals(6f / 11, (float) r.meanAp()[0], 0f);
    }

    @Test
    void scaleRangesCountOnlyBoxesInRange() {
        // Areas: both gts 100 (scale 10). Range (0, 10) holds none, (10, 20) both.
        VocResult r = new VocMeanAp(1, 0.5, new double[][] {{0, 10}, {10, 20}}, VocMeanAp.Mode.AREA, false)
                .evaluate(List.of(image()));
        assertArrayEquals(new int[] {0, 2}, r.classes().get(0).numGts());
        assertEquals(0.0, r.meanAp()[0], 0.0); // no class with ground truth in range: 0
        assertEquals(0.5, r.meanAp()[1], 0.0);
    }

    @Test
    void classWithoutGroundTruthIsLeftOutOfTheMean() {
        VocImage im = image();
        VocImage two = new VocImage(im.gtBoxes(), im.gtLabels(), im.ignoreBoxes(), im.ignoreLabels(),
                new double[][] {im.detections()[0], {0, 0, 5, 5, 0.3}});
        VocResult r = VocMeanAp.voc(2, VocMeanAp.Mode.AREA).evaluate(List.of(two));
        assertEquals(0.5, r.meanAp()[0], 0.0);
        assertEquals(0f, r.classes().get(1).ap()[0], 0f);
        assertEquals(0, r.classes().get(1).numGts()[0]);
    }

    @Test
    void legacyCoordinatesAddOnePixel() {
        // [0,0,9,9] is 10x10 in legacy coordinates: IoU with [0,0,10,10] (11x11) = 100/121 < 0.85
        float[] iou = BoxOverlaps.iou(new double[] {0, 0, 9, 9}, 4, 1, new double[] {0, 0, 10, 10}, 4, 1, true);
        assertEquals(100f / 121f, iou[0], 0f);
    }
}
