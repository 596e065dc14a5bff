package org.mmdet4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mmdet4j.bindings.NativeException;
import org.mmdet4j.tensor.NdArray;

/** The Java face of the native ops: hand-computed values and the error path. */
class OpsTest {

    private static NdArray boxes(float... xyxy) {
        return NdArray.of(xyxy, xyxy.length / 4, 4);
    }

    private static NdArray vector(float... v) {
        return NdArray.of(v, v.length);
    }

    @Test
    void nmsKeepsHighestScoringAndDropsOverlaps() {
        // IoU(0, 1) = 81 / 119 = 0.68; box 2 is far away.
        NdArray b = boxes(0, 0, 10, 10, 1, 1, 11, 11, 50, 50, 60, 60);
        assertArrayEquals(new long[] {2, 0}, Ops.nms(b, vector(0.7f, 0.6f, 0.9f), 0.5));
        assertArrayEquals(new long[] {2, 0, 1}, Ops.nms(b, vector(0.7f, 0.6f, 0.9f), 0.7));
    }

    @Test
    void batchedNmsSuppressesWithinClassOnly() {
        NdArray b = boxes(0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10);
        long[] keep = Ops.batchedNms(b, vector(0.9f, 0.8f, 0.7f), NdArray.of(new long[] {0, 1, 0}, 3), 0.5);
        assertArrayEquals(new long[] {0, 1}, keep);
    }

    @Test
    void softNmsDecaysOverlappingScores() {
        // IoU = 0.5 > 0.3: 0.8 becomes 0.8 * (1 - 0.5).
        SoftNmsResult r = Ops.softNms(boxes(0, 0, 10, 10, 0, 0, 10, 5), vector(0.9f, 0.8f), 0.3, 0.5, 1e-3,
                "linear");
        assertArrayEquals(new long[] {0, 1}, r.keep());
        assertArrayEquals(new long[] {2, 5}, r.dets().shape());
        assertEquals(0.4f, r.dets().floats()[9], 1e-7f);
    }

    @Test
    void bboxOverlapsPairwiseAndAligned() {
        NdArray a = boxes(0, 0, 10, 10);
        NdArray b = boxes(5, 0, 15, 10, 20, 20, 30, 30);
        NdArray iou = Ops.bboxOverlaps(a, b, "iou", false);
        assertArrayEquals(new long[] {1, 2}, iou.shape());
        assertEquals(50.0 / 150.0, iou.floats()[0], 1e-6);
        assertEquals(0.0, iou.floats()[1], 0.0);
        NdArray giou = Ops.bboxOverlaps(a, b, "giou", false);
        assertEquals(-700.0 / 900.0, giou.floats()[1], 1e-6);
        NdArray aligned = Ops.bboxOverlaps(boxes(0, 0, 10, 10), boxes(0, 0, 10, 20), "iou", true);
        assertArrayEquals(new long[] {1}, aligned.shape());
        assertEquals(0.5, aligned.floats()[0], 1e-6);
    }

    @Test
    void roiAlignOfALinearRampIsTheRampAtBinCentres() {
        // f(y, x) = x on an 8x8 map. With aligned=True, one 2x2-sample bin over [1, 5) x [1, 5)
        // (after the half-pixel shift: [0.5, 4.5)) averages x at 1.5 and 3.5 -> 2.5.
        double[] plane = new double[64];
        for (int i = 0; i < 64; i++) {
            plane[i] = i % 8;
        }
        NdArray input = NdArray.of(plane, 1, 1, 8, 8);
        NdArray rois = NdArray.of(new double[] {0, 1, 1, 5, 5}, 1, 5);
        NdArray out = Ops.roiAlign(input, rois, 1.0, 1, 1, 2, true);
        assertArrayEquals(new long[] {1, 1, 1, 1}, out.shape());
        assertEquals(2.5, out.doubles()[0], 1e-12);
        // The gradient spreads the upstream value over the four bilinear neighbours of each sample.
        NdArray grad = Ops.roiAlignBackward(NdArray.of(new double[] {1.0}, 1, 1, 1, 1), rois, 1.0, 1, 1,
                new long[] {1, 1, 8, 8}, 2, true);
        double sum = 0;
        for (double g : grad.doubles()) {
            sum += g;
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void roiPoolTakesTheMaximumAndItsPosition() {
        float[] plane = new float[16];
        plane[5] = 3f;   // (1, 1)
        plane[10] = 7f;  // (2, 2)
        RoiPoolResult r = Ops.roiPool(NdArray.of(plane, 1, 1, 4, 4), NdArray.of(new float[] {0, 0, 0, 3, 3}, 1, 5),
                1.0, 1, 1);
        assertEquals(7f, r.output().floats()[0]);
        assertEquals(10L, r.argmax().longs()[0]);
    }

    @Test
    void focalLossMatchesTheFormula() {
        double x = 0.3;
        double p = 1 / (1 + Math.exp(-x));
        NdArray logits = NdArray.of(new double[] {x, x}, 1, 2);
        NdArray targets = NdArray.of(new long[] {1}, 1);  // class 1 positive, class 0 negative
        double[] loss = Ops.sigmoidFocalLoss(logits, targets, null, 2.0, 0.25).doubles();
        assertEquals(-(1 - 0.25) * p * p * Math.log(1 - p), loss[0], 1e-12);
        assertEquals(-0.25 * (1 - p) * (1 - p) * Math.log(p), loss[1], 1e-12);
        // Backward against a central difference of the forward.
        double h = 1e-6;
        double[] up = Ops.sigmoidFocalLoss(NdArray.of(new double[] {x + h, x + h}, 1, 2), targets, null, 2, 0.25)
                .doubles();
        double[] down = Ops.sigmoidFocalLoss(NdArray.of(new double[] {x - h, x - h}, 1, 2), targets, null, 2, 0.25)
                .doubles();
        double[] grad = Ops.sigmoidFocalLossBackward(NdArray.of(new double[] {1, 1}, 1, 2), logits, targets, null,
                2, 0.25).doubles();
        for (int k = 0; k < 2; k++) {
            assertEquals((up[k] - down[k]) / (2 * h), grad[k], 1e-8);
        }
    }

    @Test
    void badInputsRaiseNativeExceptionsWithTheMessage() {
        NdArray ok = boxes(0, 0, 10, 10);
        assertMessage("scores has 2 elements but there are 1 boxes", () -> Ops.nms(ok, vector(0.9f, 0.1f), 0.5));
        assertMessage("shape (N, 4)", () -> Ops.nms(NdArray.of(new float[] {0, 0, 1, 1}, 4), vector(0.9f), 0.5));
        assertMessage("boxes[0] has a NaN", () -> Ops.nms(boxes(0, Float.NaN, 1, 1), vector(0.9f), 0.5));
        assertMessage("x2 < x1", () -> Ops.nms(boxes(5, 0, 1, 1), vector(0.9f), 0.5));
        assertMessage("floating-point", () -> Ops.nms(NdArray.of(new long[] {0, 0, 1, 1}, 1, 4), vector(0.9f), 0.5));
        assertMessage("idxs must be int64", () -> Ops.batchedNms(ok, vector(0.9f), vector(0f), 0.5));
        assertMessage("method", () -> Ops.softNms(ok, vector(0.9f), 0.3, 0.5, 1e-3, "cubic"));
        assertMessage("batch index", () -> Ops.roiAlign(NdArray.of(new float[16], 1, 1, 4, 4),
                NdArray.of(new float[] {2, 0, 0, 1, 1}, 1, 5), 1.0, 2, 2, 0, true));
        assertMessage("targets[0] = 5", () -> Ops.sigmoidFocalLoss(NdArray.of(new float[3], 1, 3),
                NdArray.of(new long[] {5}, 1), null, 2, 0.25));
        // Java-side shape errors never reach native code.
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[3], 2, 2));
        assertThrows(NullPointerException.class, () -> NdArray.of((float[]) null, 0));
    }

    @Test
    void emptyInputsGiveEmptyOutputs() {
        assertEquals(0, Ops.nms(NdArray.of(new float[0], 0, 4), NdArray.of(new float[0], 0), 0.5).length);
        NdArray pooled = Ops.roiAlign(NdArray.of(new float[16], 1, 1, 4, 4), NdArray.of(new float[0], 0, 5), 1.0, 7,
                7, 0, true);
        assertArrayEquals(new long[] {0, 1, 7, 7}, pooled.shape());
    }

    @Test
    void opsAreSafeToCallFromManyThreads() throws Exception {
        Random random = new Random(1);
        int n = 2000;
        float[] b = new float[4 * n];
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            float x = random.nextFloat() * 500;
            float y = random.nextFloat() * 500;
            b[4 * i] = x;
            b[4 * i + 1] = y;
            b[4 * i + 2] = x + 1 + random.nextFloat() * 50;
            b[4 * i + 3] = y + 1 + random.nextFloat() * 50;
            s[i] = random.nextFloat();
        }
        long[] expected = Ops.nms(NdArray.of(b, n, 4), NdArray.of(s, n), 0.5);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> Ops.nms(NdArray.of(b, n, 4), NdArray.of(s, n), 0.5)));
            }
            for (Future<long[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertMessage(String expected, Runnable call) {
        NativeException e = assertThrows(NativeException.class, call::run);
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }
}
