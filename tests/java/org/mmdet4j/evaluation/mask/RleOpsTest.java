package org.mmdet4j.evaluation.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Merge and IoU; expected values from pycocotools 2.0.11 (mask.merge, mask.iou). */
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
}
