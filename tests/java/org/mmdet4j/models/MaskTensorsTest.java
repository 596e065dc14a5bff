package org.mmdet4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.ImageMeta;
import org.mmdet4j.data.sample.BitmapMasks;
import org.mmdet4j.data.sample.InstanceMasks;
import org.mmdet4j.data.sample.PolygonMasks;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.tensor.NdArray;

/**
 * Masks on their way into and out of the native detector, without the native library: ground
 * truth rasterized into the padded batch frame, and pasted predictions turned into COCO RLE.
 */
class MaskTensorsTest {
    private static ImageMeta meta(String file, int oriH, int oriW) {
        Map<String, Object> m = new HashMap<>();
        m.put("filename", file);
        m.put("ori_shape", new int[] {oriH, oriW, 3});
        return new ImageMeta(m);
    }

    private static Batch batch(int h, int w, List<InstanceMasks> masks, List<float[]> boxes) {
        int n = boxes.size();
        List<long[]> labels = boxes.stream().map(b -> new long[b.length / 4]).toList();
        return new Batch(new float[n * 3 * h * w], n, 3, h, w, List.of(meta("a.jpg", h, w), meta("b.jpg", h, w)),
                boxes, labels, List.of(new float[0], new float[0]), masks, new int[n]);
    }

    @Test
    void groundTruthGoesToTheTopLeftOfThePaddedFrameInBoxOrder() {
        // Image 0: a 3x4 frame (smaller than the 4x5 batch) with one bitmap instance.
        byte[] inst = {
            1, 1, 0, 0,
            0, 1, 0, 0,
            0, 0, 0, 1};
        InstanceMasks image0 = new BitmapMasks(List.of(inst), 3, 4);
        // Image 1: the full 4x5 frame, two polygons on pixel boundaries, which cover the pixels
        // they enclose. The first is the box (1, 1)-(4, 3): x 1..3, y 1..2. The second is the
        // 1x1 square of pixel (x 0, y 3).
        InstanceMasks image1 = new PolygonMasks(List.of(
                List.of(new double[] {1, 1, 4, 1, 4, 3, 1, 3}),
                List.of(new double[] {0, 3, 1, 3, 1, 4, 0, 4})), 4, 5);
        Batch b = batch(4, 5, List.of(image0, image1), List.of(new float[4], new float[8]));

        byte[] got = PaddedGtMasks.rasterize(b, new long[] {1, 2});

        byte[] expected = {
            // instance 0 (image 0), padded right and below with 0
            1, 1, 0, 0, 0,
            0, 1, 0, 0, 0,
            0, 0, 0, 1, 0,
            0, 0, 0, 0, 0,
            // instance 1 (image 1, first polygon)
            0, 0, 0, 0, 0,
            0, 1, 1, 1, 0,
            0, 1, 1, 1, 0,
            0, 0, 0, 0, 0,
            // instance 2 (image 1, second polygon)
            0, 0, 0, 0, 0,
            0, 0, 0, 0, 0,
            0, 0, 0, 0, 0,
            1, 0, 0, 0, 0};
        assertArrayEquals(expected, got);
    }

    @Test
    void groundTruthMismatchesAreClearErrors() {
        InstanceMasks one = new BitmapMasks(List.of(new byte[20]), 4, 5);
        Batch twoBoxesOneMask = batch(4, 5, List.of(one, one), List.of(new float[8], new float[4]));
        String e = assertThrows(IllegalArgumentException.class,
                () -> PaddedGtMasks.rasterize(twoBoxesOneMask, new long[] {2, 1})).getMessage();
        assertEquals("a.jpg: 1 ground-truth masks for 2 boxes", e);

        Batch noMasks = batch(4, 5, List.of(), List.of(new float[4], new float[4]));
        e = assertThrows(IllegalArgumentException.class,
                () -> PaddedGtMasks.rasterize(noMasks, new long[] {1, 1})).getMessage();
        assertTrue(e.contains("with_mask=True") && e.contains("gt_masks"), e);

        InstanceMasks tooLarge = new BitmapMasks(List.of(new byte[30]), 5, 6);
        Batch large = batch(4, 5, List.of(one, tooLarge), List.of(new float[4], new float[4]));
        e = assertThrows(IllegalArgumentException.class,
                () -> PaddedGtMasks.rasterize(large, new long[] {1, 1})).getMessage();
        assertEquals("b.jpg: mask frame 5x6 is larger than the batch frame 4x5", e);
    }

    @Test
    void predictedMasksBecomeRlesOfTheirSize() {
        // Two 2x3 masks of one image, row-major.
        byte[] masks = {
            // mask 0: columns 0 0 | 1 1 | 1 0 -> [2, 3, 1]
            0, 1, 1,
            0, 1, 0,
            // mask 1: empty
            0, 0, 0,
            0, 0, 0};
        Rle[] rles = PredictedMasks.rles(NdArray.of(masks, 2, 2, 3));
        assertEquals(2, rles.length);
        assertArrayEquals(new int[] {2, 3, 1}, rles[0].counts());
        assertEquals(2, rles[0].height());
        assertEquals(3, rles[0].width());
        assertArrayEquals(new int[] {6}, rles[1].counts());
        // A 3x4 mask: columns 0 1 1 | 1 1 1 | 0 0 0 | 0 0 1 -> [1, 5, 5, 1]
        byte[] other = {0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 1};
        assertArrayEquals(new int[] {1, 5, 5, 1}, PredictedMasks.rles(NdArray.of(other, 1, 3, 4))[0].counts());
        assertEquals(0, PredictedMasks.rles(NdArray.of(new byte[0], 0, 3, 4)).length);
    }

    @Test
    void maskPredictionNeedsTheOriginalShape() {
        Batch b = new Batch(new float[3 * 4], 1, 3, 2, 2, List.of(new ImageMeta(Map.of())), List.of(), List.of(),
                List.of(), List.of(), new int[1]);
        String e = assertThrows(IllegalArgumentException.class, () -> PredictedMasks.originalSizes(b)).getMessage();
        assertTrue(e.contains("ori_shape"), e);
    }
}
