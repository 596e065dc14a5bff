package org.mmdet4j.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Merge and IoU; expected values from pycocotools 2.0.11 (mask.merge, mask.iou), and the IoU on
 * run lengths against pixel counts of the decoded masks.
 */
class RleOpsTest {
    private final Rle a = PolygonRasterizer.fromPolygon(new double[] {2, 2, 30, 4, 25, 28, 3, 20}, 40, 50);
    private final Rle b = PolygonRasterizer.fromPolygon(new double[] {10, 10, 45, 12, 40, 38}, 40, 50);

    @Test
    void unionAndIntersection() {
        Rle u = RleOps.merge(new Rle[] {a, b}, false);
        Rle i = RleOps.merge(new Rle[] {a, b}, true);
        assertEquals("b29o09G1O00001O01O01O00001O001O00001O00001O01O01ON2O11O1O[OD?b01O1O1O1O1O100O1O1O00N2K5K5K5KQ6",
                RleCodec.encode(u));
        assertEquals("R>1W11O1O1O1O1O1O100O1O1O1O1O001OM3KZk0", RleCodec.encode(i));
        assertEquals(867, u.area());
        assertEquals(126, i.area());
    }

    @Test
    void iouAndCrowdIou() {
        assertEquals(0.1453287197231834, RleOps.iou(a, b, false), 0.0);   // 126 / 867
        assertEquals(0.23551401869158878, RleOps.iou(a, b, true), 0.0);   // 126 / area(a) = 126 / 535
    }

    @Test
    void differentSizesGiveMinusOne() {
        assertEquals(-1, RleOps.iou(a, new Rle(10, 10, new int[] {100}), false), 0.0);
    }

    @Test
    void iouOnRunsEqualsIouOfDecodedPixels() {
        int h = 7, w = 5;
        int[][] masks = {
            {35},                       // empty
            {0, 35},                    // full
            {3, 4, 28},                 // one run, ends with background
            {30, 5},                    // ends with foreground (even number of runs)
            {0, 2, 0, 3, 30},           // zero-length background run between foreground
            {1, 0, 2, 0, 32},           // zero-length foreground runs
            {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        };
        for (int[] dc : masks) {
            for (int[] gc : masks) {
                assertMatchesPixels(new Rle(h, w, dc), new Rle(h, w, gc));
            }
        }
        Random rnd = new Random(7);
        for (int n = 0; n < 500; n++) {
            assertMatchesPixels(randomMask(rnd, h, w), randomMask(rnd, h, w));
        }
    }

    @Test
    void knownAreasGiveTheSameIou() {
        assertEquals(RleOps.iou(a, b, false), RleOps.iou(a, a.area(), b, b.area(), false), 0.0);
        assertEquals(RleOps.iou(a, b, true), RleOps.iou(a, a.area(), b, b.area(), true), 0.0);
    }

    /** IoU as rleIou defines it, counted pixel by pixel. */
    private static void assertMatchesPixels(Rle dt, Rle gt) {
        byte[] d = RleBitmaps.decodeColumnMajor(dt), g = RleBitmaps.decodeColumnMajor(gt);
        long inter = 0, union = 0, dtArea = 0;
        for (int k = 0; k < d.length; k++) {
            inter += d[k] & g[k];
            union += d[k] | g[k];
            dtArea += d[k];
        }
        double expected = inter == 0 ? 0 : (double) inter / union;
        double expectedCrowd = inter == 0 ? 0 : (double) inter / dtArea;
        assertEquals(expected, RleOps.iou(dt, gt, false), 0.0, dt + " vs " + gt);
        assertEquals(expectedCrowd, RleOps.iou(dt, gt, true), 0.0, dt + " vs " + gt + " (crowd)");
    }

    private static Rle randomMask(Random rnd, int h, int w) {
        byte[] m = new byte[h * w];
        double density = rnd.nextDouble();
        for (int k = 0; k < m.length; k++) {
            m[k] = (byte) (rnd.nextDouble() < density ? 1 : 0);
        }
        return RleBitmaps.encodeColumnMajor(m, h, w);
    }
}
