package org.mmdet4j.data.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmdet4j.mask.RleFrPolyReference;

class MasksTest {
    @Test
    void polygonMasksRasteriseAsPycocotools() {
        // Two overlapping polygons of one instance with fractional vertices, 1.3 among them
        // (pycocotools rounds 5 * 1.3 + 0.5 to 7 in double; from a float it would be 6).
        // mmdetection's polygon_to_bitmap is decode(merge(frPyObjects(polygons, h, w))); a fill
        // of the pixels whose centres are inside would give 36 pixels here, 5 of them different.
        double[][] polys = {{1.3, 1.3, 6.7, 1.5, 5.3, 6.9, 1.1, 5.7}, {4.5, 4.2, 9.6, 4.8, 8.1, 9.3}};
        PolygonMasks masks = new PolygonMasks(List.of(List.of(polys)), 10, 12);
        byte[] expected = RleFrPolyReference.unionBitmap(polys, 10, 12);
        assertArrayEquals(expected, masks.toBitmap(0));
        int count = 0;
        for (byte b : expected) {
            count += b;
        }
        assertEquals(35, count);
    }

    @Test
    void bitmapAndPolygonMasksAgreeThroughResizeFlipCropAndExpand() {
        PolygonMasks poly = new PolygonMasks(List.of(List.of(new double[] {2, 2, 6, 2, 6, 4, 2, 4})), 8, 10);
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
