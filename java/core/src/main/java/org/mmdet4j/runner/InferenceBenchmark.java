package org.mmdet4j.runner;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import org.mmdet4j.data.loader.Batch;

/**
 * Inference speed of a model on a dataset, the way mmdetection's
 * {@code tools/analysis_tools/benchmark.py} measures it: one image per batch, the model's time
 * only (data loading excluded), the first {@code warmup} images not counted, images per second
 * reported every {@code logInterval} images and overall. The dataset is cycled when it has fewer
 * than {@code maxIter} images.
 */
public final class InferenceBenchmark {
    /** Overall images per second and the median milliseconds per image of the counted images. */
    public record Result(int images, double fps, double medianMs) {
    }

    private final int maxIter;
    private final int warmup;
    private final int logInterval;

    public InferenceBenchmark(int maxIter, int warmup, int logInterval) {
        if (maxIter <= warmup || warmup < 0 || logInterval <= 0) {
            throw new IllegalArgumentException("need max-iter > warmup >= 0 and log-interval > 0, got max-iter "
                    + maxIter + ", warmup " + warmup + ", log-interval " + logInterval);
        }
        this.maxIter = maxIter;
        this.warmup = warmup;
        this.logInterval = logInterval;
    }

    public Result run(TrainableModel model, BatchSource source, PrintWriter out) {
        int counted = maxIter - warmup;
        double[] ms = new double[counted];
        int done = 0;
        double totalSeconds = 0;
        for (int epoch = 0; done < maxIter; epoch++) {
            try (BatchSource.Batches batches = source.open(epoch, 0)) {
                if (!batches.hasNext()) {
                    throw new IllegalArgumentException("the test dataset has no images");
                }
                while (batches.hasNext() && done < maxIter) {
                    Batch b = batches.next();
                    long start = System.nanoTime();
                    model.predict(b);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    done++;
                    if (done <= warmup) {
                        continue;
                    }
                    ms[done - warmup - 1] = seconds * 1e3;
                    totalSeconds += seconds;
                    if ((done - warmup) % logInterval == 0) {
                        out.printf(Locale.ROOT, "Done image [%d/%d], fps: %.2f img / s%n", done, maxIter,
                                (done - warmup) / totalSeconds);
                        out.flush();
                    }
                }
            }
        }
        Arrays.sort(ms);
        double median = counted % 2 == 1 ? ms[counted / 2] : (ms[counted / 2 - 1] + ms[counted / 2]) / 2;
        Result r = new Result(counted, counted / totalSeconds, median);
        out.printf(Locale.ROOT, "Overall fps: %.2f img / s (%d images after %d warm-up; median %.1f ms per image)%n",
                r.fps(), counted, warmup, median);
        out.flush();
        return r;
    }
}
