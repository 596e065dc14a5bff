package org.mmdet4j.cli;

import java.util.Random;
import java.util.concurrent.Callable;
import org.mmdet4j.ops.Ops;
import org.mmdet4j.tensor.NdArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmdet4j demo}: the end-to-end example. Until the detectors land it exercises the native
 * ops on a generated scene: noisy candidate detections around known objects go through batched
 * NMS, are scored against the objects with bbox_overlaps, and the survivors are pooled with
 * RoIAlign from a generated feature map.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the native ops on a generated example and print what they do.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--candidates", defaultValue = "2000", description = "Noisy candidates (default ${DEFAULT-VALUE}).")
    int candidates;

    private static final String[] CLASSES = {"circle", "rectangle", "triangle"};

    @Override
    public Integer call() {
        Random random = new Random(seed);
        // Ground truth: six objects of three classes in a 640x480 image.
        int objects = 6;
        float[] gt = new float[4 * objects];
        long[] gtLabels = new long[objects];
        for (int i = 0; i < objects; i++) {
            float w = 40 + random.nextFloat() * 120;
            float h = 40 + random.nextFloat() * 120;
            float x = random.nextFloat() * (640 - w);
            float y = random.nextFloat() * (480 - h);
            gt[4 * i] = x;
            gt[4 * i + 1] = y;
            gt[4 * i + 2] = x + w;
            gt[4 * i + 3] = y + h;
            gtLabels[i] = i % CLASSES.length;
        }
        // Candidates: jittered copies of the objects, the closer the higher their score.
        float[] boxes = new float[4 * candidates];
        float[] scores = new float[candidates];
        long[] labels = new long[candidates];
        for (int k = 0; k < candidates; k++) {
            int i = random.nextInt(objects);
            float w = gt[4 * i + 2] - gt[4 * i];
            float h = gt[4 * i + 3] - gt[4 * i + 1];
            float jitter = (float) Math.abs(random.nextGaussian()) * 0.15f;
            float dx = (float) random.nextGaussian() * jitter * w;
            float dy = (float) random.nextGaussian() * jitter * h;
            boxes[4 * k] = gt[4 * i] + dx;
            boxes[4 * k + 1] = gt[4 * i + 1] + dy;
            boxes[4 * k + 2] = gt[4 * i + 2] + dx;
            boxes[4 * k + 3] = gt[4 * i + 3] + dy;
            scores[k] = Math.max(0f, 1f - jitter - 0.1f * random.nextFloat());
            labels[k] = gtLabels[i];
        }
        NdArray candidateBoxes = NdArray.of(boxes, candidates, 4);
        Ops.batchedNms(candidateBoxes, NdArray.of(scores, candidates), NdArray.of(labels, candidates), 0.5);
        long start = System.nanoTime();  // timed after a first call has loaded and warmed up the library
        long[] keep = Ops.batchedNms(candidateBoxes, NdArray.of(scores, candidates),
                NdArray.of(labels, candidates), 0.5);
        double nmsMs = (System.nanoTime() - start) / 1e6;
        System.out.printf("batched NMS (IoU 0.5): %d candidates -> %d detections in %.2f ms%n", candidates,
                keep.length, nmsMs);

        float[] kept = new float[4 * keep.length];
        for (int j = 0; j < keep.length; j++) {
            System.arraycopy(boxes, (int) (4 * keep[j]), kept, 4 * j, 4);
        }
        float[] iou = Ops.bboxOverlaps(NdArray.of(kept, keep.length, 4), NdArray.of(gt, objects, 4), "iou", false)
                .floats();
        System.out.println("  score  class      box (x1, y1, x2, y2)              best IoU with an object");
        for (int j = 0; j < Math.min(keep.length, 10); j++) {
            float best = 0;
            for (int i = 0; i < objects; i++) {
                best = Math.max(best, iou[j * objects + i]);
            }
            int k = (int) keep[j];
            System.out.printf("  %.3f  %-9s  (%6.1f, %6.1f, %6.1f, %6.1f)   %.3f%n", scores[k],
                    CLASSES[(int) labels[k]], boxes[4 * k], boxes[4 * k + 1], boxes[4 * k + 2], boxes[4 * k + 3], best);
        }

        // RoIAlign of the detections on a stride-8 feature map whose value is the x coordinate:
        // each pooled bin then holds the x of its centre, in image pixels.
        int fh = 60;
        int fw = 80;
        float[] feature = new float[fh * fw];
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                feature[y * fw + x] = (x + 0.5f) * 8;
            }
        }
        float[] rois = new float[5 * keep.length];
        for (int j = 0; j < keep.length; j++) {
            System.arraycopy(kept, 4 * j, rois, 5 * j + 1, 4);
        }
        NdArray pooled = Ops.roiAlign(NdArray.of(feature, 1, 1, fh, fw), NdArray.of(rois, keep.length, 5), 1.0 / 8,
                7, 7, 2, true);
        float[] p = pooled.floats();
        System.out.printf("RoIAlign 7x7 of %d detections: first one's bin centres along x = %.1f ... %.1f "
                + "(box spans %.1f ... %.1f)%n", keep.length, p[21], p[27], kept[0], kept[2]);
        return 0;
    }
}
