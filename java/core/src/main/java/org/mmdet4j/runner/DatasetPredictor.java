package org.mmdet4j.runner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.runner.progress.ProgressBar;

/**
 * mmdetection's {@code single_gpu_test}: predicts every batch of one pass over a source and
 * returns the detections in dataset index order (an image the loader did not yield, such as a
 * skipped unreadable one, gets no detections). The model must already be in evaluation mode.
 */
public final class DatasetPredictor {
    private DatasetPredictor() {
    }

    public static List<Detections> predict(TrainableModel model, BatchSource source, PrintStream progress) {
        Map<Integer, Detections> byIndex = new LinkedHashMap<>();
        ProgressBar bar = new ProgressBar(source.batchesPerEpoch(), "testing", progress);
        try (BatchSource.Batches batches = source.open(0, 0)) {
            while (batches.hasNext()) {
                Batch b = batches.next();
                List<Detections> dets = model.predict(b);
                if (dets.size() != b.n) {
                    throw new IllegalStateException("predict returned " + dets.size() + " results for " + b.n + " images");
                }
                for (int i = 0; i < b.n; i++) {
                    byIndex.put(b.indices[i], dets.get(i));
                }
                bar.update(1);
            }
        } finally {
            bar.finish();
        }
        int n = byIndex.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        List<Detections> results = new ArrayList<>(n);
        Detections empty = new Detections(new float[0], new float[0], new int[0]);
        for (int i = 0; i < n; i++) {
            results.add(byIndex.getOrDefault(i, empty));
        }
        return results;
    }
}
