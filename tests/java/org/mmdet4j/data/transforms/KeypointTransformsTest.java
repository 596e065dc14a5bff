package org.mmdet4j.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.Collate;
import org.mmdet4j.data.sample.FlipDirection;
import org.mmdet4j.data.sample.Keypoints;
import org.mmdet4j.data.sample.Sample;

/**
 * Face landmarks through the geometric transforms: they follow their boxes through flips (with
 * left and right exchanged), resizing, crops, RetinaFace's square crop and collation, and points
 * a face does not have stay absent.
 */
class KeypointTransformsTest {
    /** Face 0 with five landmarks, face 1 without any. */
    private static Sample twoFaces(int h, int w) {
        float[] boxes = {10, 10, 50, 60, 70, 20, 90, 40};
        Sample s = Samples.of(Samples.gradient(h, w), boxes, new long[] {0, 0});
        s.gtBboxes = boxes;
        s.gtLabels = new long[] {0, 0};
        s.gtBboxesIgnore = new float[0];
        s.gtKeypoints = Keypoints.faceLandmarks(new float[] {
            20, 30, 1, 40, 30, 1, 30, 40, 1, 22, 50, 1, 38, 50, 1,
            -1, -1, 0, -1, -1, 0, -1, -1, 0, -1, -1, 0, -1, -1, 0});
        return s;
    }

    @Test
    void horizontalFlipMirrorsAndExchangesLeftAndRight() {
        Sample s = twoFaces(80, 100);
        s.flip = true;
        s.flipDirection = FlipDirection.HORIZONTAL;
        RandomFlip.horizontal(0.5).apply(s, new Random(0));
        Keypoints k = s.gtKeypoints;
        // The left eye is the mirrored right eye (40 -> 100 - 40), the nose stays the nose.
        assertEquals(60f, k.x(0, 0));
        assertEquals(80f, k.x(0, 1));
        assertEquals(70f, k.x(0, 2));
        assertEquals(62f, k.x(0, 3));
        assertEquals(78f, k.x(0, 4));
        assertEquals(50f, k.y(0, 3));
        assertFalse(k.hasAny(1));
        assertEquals(-1f, k.x(1, 0));
        // A rotation by 180 degrees (both axes) mirrors nothing: no exchange.
        Keypoints turned = twoFaces(80, 100).gtKeypoints.flip(FlipDirection.DIAGONAL, 100, 80);
        assertEquals(80f, turned.x(0, 0));
        assertEquals(50f, turned.y(0, 0));
    }

    @Test
    void resizeScalesAndCropsShiftAndSelect() {
        Sample s = twoFaces(80, 100);
        Resize.single(200, 160, false).apply(s, new Random(0));
        assertEquals(40f, s.gtKeypoints.x(0, 0));
        assertEquals(60f, s.gtKeypoints.y(0, 0));
        // A window from (30, 20) keeping only face 0.
        CropSupport.applyWindow(s, 30, 20, 130, 140, new int[] {0}, new float[] {0, 0, 50, 100}, new float[0]);
        assertEquals(1, s.gtKeypoints.count());
        assertEquals(10f, s.gtKeypoints.x(0, 0));
        assertEquals(40f, s.gtKeypoints.y(0, 0));
    }

    @Test
    void squareCropKeepsFacesCentredInsideAndClampsTheirLandmarks() {
        // One choice (the whole short side): the square is 80 wide, at x in [0, 20).
        RandomSquareCrop crop = new RandomSquareCrop(new double[] {1.0}, 250, new float[] {104, 117, 123});
        Sample s = crop.apply(twoFaces(80, 100), new Random(3));
        assertEquals(80, s.img.width);
        assertEquals(80, s.img.height);
        int n = s.gtBboxes.length / 4;
        assertEquals(n, s.gtKeypoints.count());
        assertEquals(n, s.gtLabels.length);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 5; p++) {
                if (s.gtKeypoints.visible(i, p)) {
                    assertTrue(s.gtKeypoints.x(i, p) >= 0 && s.gtKeypoints.x(i, p) <= 80);
                }
            }
        }
        // No face fits a square of 0.3 x 20 = 6 pixels: the image is padded to a square instead.
        Sample tiny = new RandomSquareCrop(new double[] {0.3}, 10, new float[] {104, 117, 123})
                .apply(twoFaces(20, 100), new Random(0));
        assertEquals(100, tiny.img.height);
        assertEquals(100, tiny.img.width);
        assertEquals(2, tiny.gtKeypoints.count());
    }

    @Test
    void collateCarriesLandmarksOnlyWhenCollected() {
        Sample s = twoFaces(80, 100);
        s.keys = List.of("img", "gt_bboxes", "gt_labels", "gt_keypoints");
        Batch b = Collate.collate(List.of(s), 32);
        assertEquals(1, b.gtKeypoints.size());
        assertArrayEquals(s.gtKeypoints.values(), b.gtKeypoints.get(0).values());
        Sample plain = twoFaces(80, 100);
        plain.keys = List.of("img", "gt_bboxes", "gt_labels");
        assertTrue(Collate.collate(List.of(plain), 32).gtKeypoints.isEmpty());
        Sample none = Samples.of(Samples.gradient(8, 8), new float[0], new long[0]);
        none.keys = s.keys;
        assertTrue(Collate.collate(List.of(none), 32).gtKeypoints.isEmpty());
        assertNull(none.gtKeypoints);
    }
}
