package org.mmdet4j.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mmdet4j.data.sample.BitmapMasks;
import org.mmdet4j.data.sample.FlipDirection;
import org.mmdet4j.data.sample.PolygonMasks;
import org.mmdet4j.data.sample.Sample;

/** Boxes and masks through Resize, RandomFlip and Pad against values worked out by hand. */
class GeometryTest {
    private static final Random RNG = new Random(0);

    private static Sample loaded(int h, int w, float[] boxes, long[] labels, boolean poly2mask) {
        Sample s = Samples.of(Samples.gradient(h, w), boxes, labels);
        return new LoadAnnotations(true, true, true, poly2mask).apply(s, RNG);
    }

    @Test
    void resizeKeepRatioFlipPadMatchHandComputedBoxes() {
        // 640x480 image, img_scale (1333, 800): factor min(1333/640, 800/480) = 5/3, new size
        // int(640 * 5/3 + 0.5) = 1067 by int(480 * 5/3 + 0.5) = 800; w_scale = 1067/640 =
        // 1.6671875, h_scale = 800/480 = 1.6666666 (float32).
        Sample s = loaded(480, 640, new float[] {100, 50, 300, 250}, new long[] {2}, false);
        s = Resize.single(1333, 800, true).apply(s, RNG);
        assertArrayEquals(new int[] {800, 1067, 3}, s.imgShape);
        assertArrayEquals(new float[] {1.6671875f, 1.6666666f, 1.6671875f, 1.6666666f}, s.scaleFactor, 1e-7f);
        assertArrayEquals(new float[] {166.71875f, 83.33333f, 500.15625f, 416.66666f}, s.gtBboxes, 1e-4f);

        // Horizontal flip (v2): x1' = 1067 - 500.15625, x2' = 1067 - 166.71875.
        s = RandomFlip.horizontal(1.0).apply(s, RNG);
        assertTrue(s.flip);
        assertEquals(FlipDirection.HORIZONTAL, s.flipDirection);
        assertArrayEquals(new float[] {566.84375f, 83.33333f, 900.28125f, 416.66666f}, s.gtBboxes, 1e-4f);

        // Pad to 32: 1067 -> 1088, 800 stays; boxes and img_shape unchanged.
        s = Pad.toMultipleOf(32).apply(s, RNG);
        assertArrayEquals(new int[] {800, 1088, 3}, s.padShape);
        assertArrayEquals(new int[] {800, 1067, 3}, s.imgShape);
        assertArrayEquals(new float[] {566.84375f, 83.33333f, 900.28125f, 416.66666f}, s.gtBboxes, 1e-4f);

        // The mask followed: its polygon's bounds are the box, in the padded frame.
        PolygonMasks m = (PolygonMasks) s.gtMasks;
        assertEquals(800, m.height());
        assertEquals(1088, m.width());
        assertArrayEquals(s.gtBboxes, m.boundingBoxes(), 1e-3f);

        // Mapping back: flip in the resized frame, then divide by scale_factor -> the original box.
        float[] back = {(1067 - s.gtBboxes[2]) / s.scaleFactor[0], s.gtBboxes[1] / s.scaleFactor[1],
            (1067 - s.gtBboxes[0]) / s.scaleFactor[2], s.gtBboxes[3] / s.scaleFactor[3]};
        assertArrayEquals(new float[] {100, 50, 300, 250}, back, 1e-3f);
    }

    @Test
    void bitmapMasksFollowTheBoxesToThePixel() {
        // 40x20 image, box [4, 2, 12, 10] rasterized, resized x2 (no keep_ratio), flipped.
        Sample s = loaded(20, 40, new float[] {4, 2, 12, 10}, new long[] {0}, true);
        assertTrue(s.gtMasks instanceof BitmapMasks);
        s = new Resize(List.of(new int[] {80, 40}), Resize.MultiscaleMode.RANGE, null, false, true, false).apply(s, RNG);
        assertArrayEquals(new float[] {8, 4, 24, 20}, s.gtBboxes, 1e-6f);
        assertArrayEquals(new float[] {8, 4, 24, 20}, s.gtMasks.boundingBoxes(), 1e-6f);
        s = RandomFlip.horizontal(1.0).apply(s, RNG);
        // x1' = 80 - 24 = 56, x2' = 80 - 8 = 72.
        assertArrayEquals(new float[] {56, 4, 72, 20}, s.gtBboxes, 1e-6f);
        assertArrayEquals(new float[] {56, 4, 72, 20}, s.gtMasks.boundingBoxes(), 1e-6f);
        s = Pad.toMultipleOf(32).apply(s, RNG);
        assertEquals(64, s.gtMasks.height());
        assertEquals(96, s.gtMasks.width());
        assertArrayEquals(new float[] {56, 4, 72, 20}, s.gtMasks.boundingBoxes(), 1e-6f);
    }

    @Test
    void verticalAndDiagonalFlips() {
        Sample v = loaded(100, 200, new float[] {10, 20, 50, 60}, new long[] {0}, false);
        v = new RandomFlip(new double[] {1.0}, List.of(FlipDirection.VERTICAL)).apply(v, RNG);
        assertArrayEquals(new float[] {10, 40, 50, 80}, v.gtBboxes);
        assertArrayEquals(new float[] {10, 40, 50, 80}, v.gtMasks.boundingBoxes());
        Sample d = loaded(100, 200, new float[] {10, 20, 50, 60}, new long[] {0}, false);
        d = new RandomFlip(new double[] {1.0}, List.of(FlipDirection.DIAGONAL)).apply(d, RNG);
        assertArrayEquals(new float[] {150, 40, 190, 80}, d.gtBboxes);
        // Pixel (0, 0) moved to (99, 199).
        assertEquals(Samples.gradient(100, 200).get(0, 0, 1), d.img.get(99, 199, 1));
    }

    @Test
    void horizontalFlipMirrorsPixels() {
        Sample s = loaded(4, 6, new float[] {0, 0, 2, 2}, new long[] {0}, false);
        s = RandomFlip.horizontal(1.0).apply(s, RNG);
        for (int x = 0; x < 6; x++) {
            assertEquals(Samples.gradient(4, 6).get(3, 5 - x, 2), s.img.get(3, x, 2));
        }
    }

    @Test
    void flipRatioZeroNeverFlipsAndPresetFlipIsHonoured() {
        Sample s = loaded(10, 10, new float[] {1, 1, 3, 3}, new long[] {0}, false);
        s = RandomFlip.horizontal(0.0).apply(s, new Random(1));
        assertFalse(s.flip);
        assertArrayEquals(new float[] {1, 1, 3, 3}, s.gtBboxes);
        Sample t = loaded(10, 10, new float[] {1, 1, 3, 3}, new long[] {0}, false);
        t.flip = true;
        t.flipDirection = FlipDirection.HORIZONTAL;
        t = RandomFlip.horizontal(0.0).apply(t, new Random(1));
        assertArrayEquals(new float[] {7, 1, 9, 3}, t.gtBboxes);
    }

    @Test
    void resizeClipsBoxesToTheImage() {
        // A box reaching past the right edge (allowed in COCO) is clipped after scaling.
        Sample s = loaded(100, 100, new float[] {50, 10, 120, 30}, new long[] {0}, false);
        s = new Resize(List.of(new int[] {200, 200}), Resize.MultiscaleMode.RANGE, null, false, true, false).apply(s, RNG);
        assertArrayEquals(new float[] {100, 20, 200, 60}, s.gtBboxes);
    }

    @Test
    void multiscaleRangeDrawsEdgesBetweenTheScales() {
        Resize r = new Resize(List.of(new int[] {1333, 640}, new int[] {1333, 800}), Resize.MultiscaleMode.RANGE,
                null, true, true, false);
        Random rng = new Random(5);
        for (int i = 0; i < 20; i++) {
            Sample s = loaded(480, 640, new float[] {0, 0, 10, 10}, new long[] {0}, false);
            s = r.apply(s, rng);
            assertEquals(1333, s.scale[0]);
            assertTrue(s.scale[1] >= 640 && s.scale[1] <= 800, "short edge " + s.scale[1]);
            assertEquals(s.scale[1], s.imgShape[0]);   // 480 -> short edge: height equals it
        }
        Resize v = new Resize(List.of(new int[] {600, 400}, new int[] {300, 200}), Resize.MultiscaleMode.VALUE,
                null, false, true, false);
        Sample s = v.apply(loaded(100, 100, new float[] {0, 0, 10, 10}, new long[] {0}, false), new Random(2));
        assertTrue(s.imgShape[1] == 600 || s.imgShape[1] == 300);
    }

    @Test
    void ratioRangeScalesTheSingleScale() {
        Resize r = new Resize(List.of(new int[] {100, 50}), Resize.MultiscaleMode.RANGE, new double[] {2.0, 2.0},
                false, true, false);
        Sample s = r.apply(loaded(10, 10, new float[] {0, 0, 5, 5}, new long[] {0}, false), RNG);
        assertArrayEquals(new int[] {100, 200, 3}, s.imgShape);
    }

    @Test
    void padToFixedSizeAndPadValue() {
        Sample s = loaded(5, 7, new float[] {0, 0, 1, 1}, new long[] {0}, false);
        s = new Pad(new int[] {8, 10}, null, false, 9f).apply(s, RNG);
        assertArrayEquals(new int[] {8, 10, 3}, s.padShape);
        assertEquals(9f, s.img.get(7, 9, 0));
        assertEquals(Samples.gradient(5, 7).get(4, 6, 1), s.img.get(4, 6, 1));
        assertEquals(9f, s.img.get(5, 0, 2));
    }

    @Test
    void randomCropShiftsClipsAndDropsBoxesWithTheirLabelsAndMasks() {
        // 100x100 crop of a 100x200 image: the offset in x is drawn in [0, 100].
        Sample s = loaded(100, 200, new float[] {10, 10, 40, 40, 150, 20, 190, 60}, new long[] {1, 2}, false);
        RandomCrop crop = new RandomCrop(new double[] {100, 100}, RandomCrop.CropType.ABSOLUTE, false, false, true);
        Random rng = new Random(11);
        Random probe = new Random(11);
        probe.nextInt(1);                  // the y offset is drawn first, from [0, 0]
        int offW = probe.nextInt(101);
        s = crop.apply(s, rng);
        assertArrayEquals(new int[] {100, 100, 3}, s.imgShape);
        // Recompute the expected boxes for the drawn offset.
        float[][] boxes = {{10, 10, 40, 40}, {150, 20, 190, 60}};
        long[] labels = {1, 2};
        int k = 0;
        for (int i = 0; i < 2; i++) {
            float x1 = Math.min(Math.max(boxes[i][0] - offW, 0), 100);
            float x2 = Math.min(Math.max(boxes[i][2] - offW, 0), 100);
            if (x2 > x1) {
                assertEquals(x1, s.gtBboxes[4 * k]);
                assertEquals(x2, s.gtBboxes[4 * k + 2]);
                assertEquals(labels[i], s.gtLabels[k]);
                k++;
            }
        }
        assertEquals(k, s.numGt());
        assertEquals(k, s.gtMasks.size());
        assertEquals(Samples.gradient(100, 200).get(0, offW, 0), s.img.get(0, 0, 0));
    }

    @Test
    void randomCropWithoutAnyBoxLeftDropsTheSample() {
        Sample s = loaded(100, 200, new float[] {0, 0, 10, 10}, new long[] {0}, false);
        // Relative crop keeps the right half only if the offset is 100; force it with a box at x 0..10
        // and a crop of width 50 starting at an offset >= 10 (seeded).
        RandomCrop crop = new RandomCrop(new double[] {100, 50}, RandomCrop.CropType.ABSOLUTE, false, false, true);
        Random rng = new Random(3);
        Random probe = new Random(3);
        probe.nextInt(1);
        int off = probe.nextInt(151);
        Sample out = crop.apply(s, rng);
        if (off >= 10) {
            assertNull(out);
        } else {
            assertEquals(1, out.numGt());
        }
    }

    @Test
    void expandPlacesTheImageOnAMeanCanvasAndShiftsBoxes() {
        Sample s = loaded(10, 20, new float[] {2, 3, 6, 7}, new long[] {0}, false);
        Random rng = new Random(4);
        Random probe = new Random(4);
        probe.nextDouble();                         // prob draw
        double ratio = 2 + 0 * probe.nextDouble();  // ratio_range (2, 2)
        int left = (int) (probe.nextDouble() * (20 * ratio - 20));
        int top = (int) (probe.nextDouble() * (10 * ratio - 10));
        s = new Expand(new float[] {1, 2, 3}, true, new double[] {2, 2}, 1.0).apply(s, rng);
        assertArrayEquals(new int[] {20, 40, 3}, s.imgShape);
        assertArrayEquals(new float[] {2 + left, 3 + top, 6 + left, 7 + top}, s.gtBboxes);
        assertArrayEquals(s.gtBboxes, s.gtMasks.boundingBoxes());
        assertEquals(Samples.gradient(10, 20).get(0, 0, 1), s.img.get(top, left, 1));
        // Mean (1, 2, 3) given as RGB is reversed to BGR (3, 2, 1) for the canvas.
        int outsideY = top > 0 ? 0 : 19;
        assertEquals(3f, s.img.get(outsideY, 0, 0));
        assertEquals(1f, s.img.get(outsideY, 0, 2));
    }

    @Test
    void minIouCropKeepsBoxesInsideThePatch() {
        MinIoURandomCrop crop = new MinIoURandomCrop();
        for (int seed = 0; seed < 20; seed++) {
            Sample s = loaded(100, 100, new float[] {10, 10, 50, 50, 60, 60, 90, 95}, new long[] {0, 1}, false);
            s = crop.apply(s, new Random(seed));
            int h = s.imgShape[0];
            int w = s.imgShape[1];
            assertEquals(s.numGt(), s.gtLabels.length);
            assertEquals(s.numGt(), s.gtMasks.size());
            for (int i = 0; i < s.numGt(); i++) {
                assertTrue(s.gtBboxes[4 * i] >= 0 && s.gtBboxes[4 * i + 2] <= w, "box inside patch width");
                assertTrue(s.gtBboxes[4 * i + 1] >= 0 && s.gtBboxes[4 * i + 3] <= h, "box inside patch height");
            }
        }
    }
}
