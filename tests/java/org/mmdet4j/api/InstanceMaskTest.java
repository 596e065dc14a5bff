package org.mmdet4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.runner.Detections;

/** The masks the Detector API returns, without the native library. */
class InstanceMaskTest {
    // Columns top to bottom 0 1 1 | 1 1 1 | 0 0 1, i.e. rows 0 1 0 / 1 1 0 / 1 1 1.
    private static final Rle RLE = new Rle(3, 3, new int[] {1, 5, 2, 1});

    @Test
    void decodesRowByRow() {
        InstanceMask m = new InstanceMask(RLE);
        assertEquals(3, m.height());
        assertEquals(3, m.width());
        assertEquals(6, m.area());
        assertArrayEquals(new byte[] {0, 1, 0, 1, 1, 0, 1, 1, 1}, m.toBitmap());
        assertFalse(m.contains(0, 0));
        assertTrue(m.contains(0, 1));
        assertTrue(m.contains(1, 0));
        assertFalse(m.contains(2, 1));
        assertTrue(m.contains(2, 2));
        assertFalse(m.contains(3, 0));
        assertEquals("152L", m.cocoCounts());
    }

    @Test
    void detectionsCarryMasksOnlyWhenTheModelPredictsThem() {
        float[] boxes = {0, 0, 2, 3};
        List<Detection> withMask = Detection.listOf(new Detections(boxes, new float[] {0.9f}, new int[] {1},
                new Rle[] {RLE}), List.of("circle", "rectangle"));
        assertEquals("rectangle", withMask.get(0).className());
        assertEquals(6, withMask.get(0).mask().area());
        List<Detection> boxOnly = Detection.listOf(new Detections(boxes, new float[] {0.9f}, new int[] {5}),
                List.of("circle"));
        assertNull(boxOnly.get(0).mask());
        assertEquals("class_5", boxOnly.get(0).className());
    }
}
