package org.mmdet4j.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Polygon rasterisation; expected RLE strings, areas and boxes come from pycocotools 2.0.11. */
class PolygonRasterizerTest {
    @Test
    void quadrilateralMatchesPycocotools() {
        Rle r = PolygonRasterizer.fromPolygon(new double[] {1.2, 1.7, 6.3, 2.2, 5.5, 7.9, 0.4, 6.1}, 20, 30);
        assertEquals("f05?00001O0n>", RleCodec.encode(r));
        assertEquals(27, r.area());
        assertArrayEquals(new double[] {1, 2, 5, 6}, r.toBbox());
    }

    @Test
    void polygonsMatchPycocotools() {
        Rle a = PolygonRasterizer.fromPolygon(new double[] {2, 2, 30, 4, 25, 28, 3, 20}, 40, 50);
        Rle b = PolygonRasterizer.fromPolygon(new double[] {10, 10, 45, 12, 40, 38}, 40, 50);
        assertEquals("b29o09G1O00001O01O01O00001O001O00001O00001O01O01ON2K5K5K5KQi0", RleCodec.encode(a));
        assertEquals("R>1W11O1O1O1O1O1O100O1O1O1O1O001O1O1O1O1O1O1O1O1O1O100O1O1O00N2K5K5K5KQ6",
                RleCodec.encode(b));
        assertEquals(535, a.area());
        assertEquals(458, b.area());
        assertArrayEquals(new double[] {2, 2, 28, 26}, a.toBbox());
        assertArrayEquals(new double[] {11, 10, 34, 27}, b.toBbox());
    }

    @Test
    void severalPolygonsAreTheirUnion() {
        // mask.merge(mask.frPyObjects([a, b], 40, 50)), as annToRLE and LoadAnnotations' _poly2mask
        Rle u = PolygonRasterizer.fromPolygons(new double[][] {
            {2, 2, 30, 4, 25, 28, 3, 20}, {10, 10, 45, 12, 40, 38}}, 40, 50);
        assertEquals("b29o09G1O00001O01O01O00001O001O00001O00001O01O01ON2O11O1O[OD?b01O1O1O1O1O100O1O1O00N2K5K5K5KQ6",
                RleCodec.encode(u));
        assertEquals(867, u.area());
    }

    @Test
    void degeneratePolygonIsEmpty() {
        // three copies of one point: mask.frPyObjects([[1, 1, 1, 1, 1, 1]], 10, 10) -> 'T3'
        Rle r = PolygonRasterizer.fromPolygon(new double[] {1, 1, 1, 1, 1, 1}, 10, 10);
        assertEquals("T3", RleCodec.encode(r));
        assertEquals(0, r.area());
    }

    @Test
    void boxCoversItsPixels() {
        // A box on pixel boundaries covers exactly its w*h pixels.
        Rle r = PolygonRasterizer.fromBox(new double[] {2, 3, 4, 5}, 20, 20);
        assertEquals(20, r.area());
        assertArrayEquals(new double[] {2, 3, 4, 5}, r.toBbox());
    }

    @Test
    void sameRunsAsTheLineByLinePort() {
        Random rnd = new Random(11);
        for (int n = 0; n < 3000; n++) {
            int h = 1 + rnd.nextInt(60), w = 1 + rnd.nextInt(60);
            int vertices = 1 + rnd.nextInt(8);
            double[] xy = new double[2 * vertices];
            for (int j = 0; j < xy.length; j++) {
                // Inside, on and beyond the image, negative too; whole, half and quarter pixels
                // so that upsampled points land on pixel centres and boundaries.
                double extent = j % 2 == 0 ? w : h;
                double v = (rnd.nextDouble() * 1.4 - 0.2) * extent;
                xy[j] = n % 3 == 0 ? Math.round(v * 4) / 4.0 : v;
            }
            Rle expected = RleFrPolyReference.fromPolygon(xy, h, w);
            assertEquals(expected, PolygonRasterizer.fromPolygon(xy, h, w), java.util.Arrays.toString(xy));
        }
    }

    @Test
    void benchmarkStyleQuadrilateralsMatchThePort() {
        Random rnd = new Random(5);
        for (int n = 0; n < 500; n++) {
            double bw = 8 + rnd.nextDouble() * 152, bh = 8 + rnd.nextDouble() * 112;
            double x0 = rnd.nextDouble() * (320 - bw), y0 = rnd.nextDouble() * (240 - bh);
            double[] xy = {x0, y0, x0 + bw, y0 + bh / 3, x0 + bw, y0 + bh, x0 + bw / 4, y0 + bh};
            assertEquals(RleFrPolyReference.fromPolygon(xy, 240, 320), PolygonRasterizer.fromPolygon(xy, 240, 320));
        }
    }
}
