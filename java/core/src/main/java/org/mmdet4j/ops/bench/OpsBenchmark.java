package org.mmdet4j.ops.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.mmdet4j.bindings.NativeLibrary;
import org.mmdet4j.bindings.NativeOps;
import org.mmdet4j.bindings.NativeTensor;

/**
 * Times the native ops on the sizes of the project's benchmark table. Inputs are built once as
 * native tensors, so the figures are the ops' own times (plus the JNI call), as a detector that
 * keeps its tensors native sees them. benchmarks/ops/torchvision_ops.py times torchvision on the
 * same sizes and distributions.
 */
public final class OpsBenchmark {
    /** One measured case. */
    public record Result(String op, String size, double medianMillis) {
    }

    private final int runs;
    private final Random random = new Random(0);

    public OpsBenchmark(int runs) {
        this.runs = runs;
        NativeLibrary.load();
    }

    public List<Result> run(PrintStream progress) {
        List<Result> results = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            for (int n : new int[] {1_000, 10_000, 100_000}) {
                NativeTensor boxes = randomBoxes(n);
                NativeTensor scores = uniform(n, 1);
                NativeTensor classes = randomClasses(n, 80);
                results.add(measure(progress, "nms", n + " boxes", n >= 100_000 ? 3 : runs,
                        () -> NativeOps.nms(boxes, scores, 0.5).close()));
                results.add(measure(progress, "batched_nms (80 classes)", n + " boxes", n >= 100_000 ? 3 : runs,
                        () -> NativeOps.batchedNms(boxes, scores, classes, 0.5).close()));
            }
            // RoIAlign as in a Mask R-CNN box head: 800x1216 image, stride-4 level, 512 RoIs.
            NativeTensor features = NativeTensor.fromFloat32(gaussian(256 * 200 * 304), new long[] {1, 256, 200, 304}, 4);
            NativeTensor rois = randomRois(512, 1216, 800);
            results.add(measure(progress, "roi_align forward", "512 RoIs x 256 ch, 7x7", runs,
                    () -> NativeOps.roiAlign(features, rois, 0.25, 7, 7, 0, true).close()));
            NativeTensor grad = NativeTensor.fromFloat32(gaussian(512 * 256 * 49), new long[] {512, 256, 7, 7}, 4);
            results.add(measure(progress, "roi_align forward+backward", "512 RoIs x 256 ch, 7x7", runs, () -> {
                NativeOps.roiAlign(features, rois, 0.25, 7, 7, 0, true).close();
                NativeOps.roiAlignBackward(grad, rois, 0.25, 7, 7, 1, 256, 200, 304, 0, true).close();
            }));
            // Focal loss as in RetinaNet: ~120k anchors x 80 classes.
            int anchors = 120_000;
            int numClasses = 80;
            NativeTensor logits = NativeTensor.fromFloat32(gaussian(anchors * numClasses),
                    new long[] {anchors, numClasses}, 2);
            NativeTensor labels = randomClasses(anchors, numClasses + 1);
            NativeTensor ones = NativeTensor.fromFloat32(filled(anchors * numClasses, 1f),
                    new long[] {anchors, numClasses}, 2);
            NativeTensor noWeight = new NativeTensor();
            results.add(measure(progress, "sigmoid_focal_loss forward+backward", "120k x 80", runs, () -> {
                NativeOps.sigmoidFocalLoss(logits, labels, noWeight, 2.0, 0.25).close();
                NativeOps.sigmoidFocalLossBackward(ones, logits, labels, noWeight, 2.0, 0.25).close();
            }));
        }
        return results;
    }

    private Result measure(PrintStream progress, String op, String size, int count, Runnable body) {
        double ms = Timer.medianMillis(1, count, body);
        Result r = new Result(op, size, ms);
        if (progress != null) {
            progress.printf("%-38s %-24s %10.2f ms%n", op, size, ms);
        }
        return r;
    }

    /** Boxes with corners in [0, 1000] and sides in [1, 100]. */
    private NativeTensor randomBoxes(int n) {
        float[] b = new float[4 * n];
        for (int i = 0; i < n; i++) {
            float x = random.nextFloat() * 1000;
            float y = random.nextFloat() * 1000;
            b[4 * i] = x;
            b[4 * i + 1] = y;
            b[4 * i + 2] = x + 1 + random.nextFloat() * 99;
            b[4 * i + 3] = y + 1 + random.nextFloat() * 99;
        }
        return NativeTensor.fromFloat32(b, new long[] {n, 4}, 2);
    }

    /** RoIs (batch 0) with sides in [16, 400] inside a width x height image. */
    private NativeTensor randomRois(int n, int width, int height) {
        float[] r = new float[5 * n];
        for (int i = 0; i < n; i++) {
            float w = 16 + random.nextFloat() * 384;
            float h = 16 + random.nextFloat() * 384;
            float x = random.nextFloat() * (width - w);
            float y = random.nextFloat() * (height - h);
            r[5 * i + 1] = x;
            r[5 * i + 2] = y;
            r[5 * i + 3] = x + w;
            r[5 * i + 4] = y + h;
        }
        return NativeTensor.fromFloat32(r, new long[] {n, 5}, 2);
    }

    private NativeTensor uniform(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() * scale;
        }
        return NativeTensor.fromFloat32(v, new long[] {n}, 1);
    }

    private NativeTensor randomClasses(int n, int classes) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(classes);
        }
        return NativeTensor.fromInt64(v, new long[] {n}, 1);
    }

    private float[] gaussian(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
