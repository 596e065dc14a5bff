package org.mmdet4j.data.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MasksTest {
    @Test
    void compressedRleStringsDecodeLikePycocotools() {
        // 5-bit groups with a continuation bit, '0' (48) offset; from the 4th count on, deltas
        // against the count two back. "325O": 3, 2, 5, then -1 + 2 = 1. "T3": 4 + (3 << 5) = 100.
        assertArrayEquals(new long[] {3, 2, 5, 1}, CocoRle.parseCompressed("325O"));
        assertArrayEquals(new long[] {100}, CocoRle.parseCompressed("T3"));
    }

    @Test
    void rleRunsAreColumnMajor() {
        // 3x2 frame: 1 zero, 3 ones -> (row 1, col 0), (row 2, col 0), (row 0, col 1).
        byte[] m = CocoRle.decode(new long[] {1, 3, 2}, 3, 2);
        assertArrayEquals(new byte[] {0, 1, 1, 0, 1, 0}, m);
    }

    @Test
    void polygonRasterFillsPixelsWhoseCentresAreInside() {
        byte[] m = new byte[6 * 6];
        PolygonRaster.fill(new float[] {1, 1, 4, 1, 4, 3, 1, 3}, 6, 6, m);
        int count = 0;
        for (byte b : m) {
            count += b;
        }
        assertEquals(6, count);   // columns 1..3, rows 1..2
        assertEquals(1, m[1 * 6 + 1]);
        assertEquals(0, m[1 * 6 + 4]);
        assertEquals(0, m[3 * 6 + 1]);
    }

    @Test
    void bitmapAndPolygonMasksAgreeThroughResizeFlipCropAndExpand() {
        PolygonMasks poly = new PolygonMasks(List.of(List.of(new float[] {2, 2, 6, 2, 6, 4, 2, 4})), 8, 10);
        BitmapMasks bits = new BitmapMasks(List.of(poly.toBitmap(0)), 8, 10);
        assertArrayEquals(new float[] {2, 2, 6, 4}, bits.boundingBoxes());
        InstanceMasks[] both = {poly, bits};
        for (int i = 0; i < 2; i++) {
            InstanceMasks m = both[i].resize(16, 20).flip(FlipDirection.HORIZONTAL).crop(2, 2, 18, 14).expand(20, 20, 3, 1);
            assertEquals(20, m.height());
            // resize x2 -> [4, 4, 12, 8]; flip in width 20 -> [8, 4, 16, 8]; crop at (2, 2) -> [6, 2, 14, 6];
            // expand at (top 3, left 1) -> [7, 5, 15, 9].
            assertArrayEquals(new float[] {7, 5, 15, 9}, m.boundingBoxes(), "mask kind " + i);
        }
    }
}
