package org.mmdet4j.data.transforms;

import java.util.Random;
import org.mmdet4j.data.sample.Sample;

/**
 * RetinaFace's training crop (its authors' {@code _crop} and {@code _pad_to_square}): up to
 * {@code maxTrials} times, a square of side {@code scale * min(h, w)} ({@code scale} drawn from
 * {@code cropChoice}) at a random position is tried; it is taken when some box lies wholly inside
 * it, and then keeps the boxes whose centre lies strictly inside, clipped to it, with their
 * landmarks clamped to it. When no trial succeeds the image is padded to a square at its bottom
 * and right with {@code padVal} (the training mean, so that it normalises to zero), boxes
 * unchanged. Either way the result is square, for a {@code Resize} without keeping the ratio.
 * Ignored boxes follow the kept ones' rule.
 */
public final class RandomSquareCrop implements Transform {
    private final double[] cropChoice;
    private final int maxTrials;
    private final float[] padVal;

    public RandomSquareCrop(double[] cropChoice, int maxTrials, float[] padVal) {
        if (cropChoice.length == 0) {
            throw new IllegalArgumentException("crop_choice must not be empty");
        }
        for (double c : cropChoice) {
            if (!(c > 0 && c <= 1)) {
                throw new IllegalArgumentException("crop_choice values must lie in (0, 1], got " + c);
            }
        }
        if (maxTrials <= 0) {
            throw new IllegalArgumentException("max_trials must be positive, got " + maxTrials);
        }
        this.cropChoice = cropChoice.clone();
        this.maxTrials = maxTrials;
        this.padVal = padVal.clone();
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        int h = s.img.height;
        int w = s.img.width;
        float[] boxes = s.gtBboxes == null ? new float[0] : s.gtBboxes;
        for (int trial = 0; trial < maxTrials; trial++) {
            int side = (int) (cropChoice[rng.nextInt(cropChoice.length)] * Math.min(w, h));
            if (side <= 0) {
                continue;
            }
            int left = w == side ? 0 : rng.nextInt(w - side);
            int top = h == side ? 0 : rng.nextInt(h - side);
            int[] keep = centredInside(boxes, left, top, side);
            if (!anyWhollyInside(boxes, left, top, side) || keep.length == 0) {
                continue;
            }
            float[] ignore = s.gtBboxesIgnore == null ? null
                    : clipped(s.gtBboxesIgnore, centredInside(s.gtBboxesIgnore, left, top, side), left, top, side);
            CropSupport.applyWindow(s, left, top, left + side, top + side, keep, clipped(boxes, keep, left, top, side),
                    ignore);
            if (s.gtKeypoints != null) {
                s.gtKeypoints = s.gtKeypoints.clamp(side, side);
            }
            return s;
        }
        int square = Math.max(w, h);
        float[] fill = padVal.length == s.img.channels ? padVal : new float[] {padVal[0]};
        s.img = ImageGeometry.place(s.img, square, square, 0, 0, fill);
        s.imgShape = s.img.shape();
        return s;
    }

    private static boolean anyWhollyInside(float[] b, int left, int top, int side) {
        for (int i = 0; i < b.length; i += 4) {
            if (b[i] >= left && b[i + 1] >= top && b[i + 2] <= left + side && b[i + 3] <= top + side) {
                return true;
            }
        }
        return false;
    }

    private static int[] centredInside(float[] b, int left, int top, int side) {
        boolean[] inside = new boolean[b.length / 4];
        for (int i = 0; i < inside.length; i++) {
            float cx = (b[4 * i] + b[4 * i + 2]) / 2;
            float cy = (b[4 * i + 1] + b[4 * i + 3]) / 2;
            inside[i] = cx > left && cx < left + side && cy > top && cy < top + side;
        }
        return CropSupport.indices(inside);
    }

    /** The boxes at {@code keep}, clipped to the window and in its coordinates. */
    private static float[] clipped(float[] b, int[] keep, int left, int top, int side) {
        float[] out = BoxOps.shift(BoxOps.select(b, keep), -left, -top);
        BoxOps.clipInPlace(out, side, side);
        return out;
    }
}
