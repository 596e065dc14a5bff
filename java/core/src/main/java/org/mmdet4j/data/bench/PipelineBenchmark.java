package org.mmdet4j.data.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.mmdet4j.data.datasets.DatasetOptions;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.datasets.ParsedDataset;
import org.mmdet4j.data.datasets.ProblemLog;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.DataLoader;
import org.mmdet4j.data.loader.GroupSampler;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.transforms.Collect;
import org.mmdet4j.data.transforms.DefaultFormatBundle;
import org.mmdet4j.data.transforms.LoadAnnotations;
import org.mmdet4j.data.transforms.LoadImageFromFile;
import org.mmdet4j.data.transforms.Normalize;
import org.mmdet4j.data.transforms.Pad;
import org.mmdet4j.data.transforms.RandomFlip;
import org.mmdet4j.data.transforms.Resize;
import org.mmdet4j.data.transforms.Transform;

/**
 * Images per second of mmdetection's standard training pipeline (decode JPEG, Resize to
 * 1333x800 keep_ratio, RandomFlip 0.5, Normalize, Pad to 32, DefaultFormatBundle, Collect) and
 * collation into batches of 2, on worker threads. Not a test: run by
 * {@code benchmarks/data/pipeline_benchmark.py}, which times the Python equivalent on the same
 * JPEG files in the same run.
 *
 * <p>Usage: {@code PipelineBenchmark DIR [workers=2] [runs=5] [epochs=3]}; prints one line per
 * run and a last line {@code RESULT images_per_s=<median>}.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        DetDataset ds = dataset(dir);
        DataLoader loader = new DataLoader(ds, new GroupSampler(ds.groupFlags(), 2, 0), 2, workers, 2 * workers, 0, 32);
        run(loader, 1);   // warm-up: JIT and file cache
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            int images = run(loader, epochs);
            rates[r] = images / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("run %d: %d images, %.1f images/s%n", r, images, rates[r]);
        }
        Arrays.sort(rates);
        System.out.printf("RESULT images_per_s=%.2f workers=%d%n", rates[runs / 2], workers);
    }

    private static int run(DataLoader loader, int epochs) {
        int images = 0;
        for (int e = 0; e < epochs; e++) {
            try (DataLoader.BatchIterator it = loader.epoch(e)) {
                while (it.hasNext()) {
                    Batch b = it.next();
                    images += b.n;
                }
            }
        }
        return images;
    }

    private static DetDataset dataset(Path dir) throws IOException {
        List<DataInfo> infos = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                Annotations ann = new Annotations(new float[] {100, 80, 300, 240}, new long[] {0}, new float[0],
                        new long[0], List.of(), List.of("box"));
                infos.add(new DataInfo(f.getFileName().toString(), f.getFileName().toString(), 640, 480, ann));
            }
        }
        List<Transform> pipeline = List.of(new LoadImageFromFile(), new LoadAnnotations(),
                Resize.single(1333, 800, true), RandomFlip.horizontal(0.5),
                new Normalize(new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f}, true),
                Pad.toMultipleOf(32), new DefaultFormatBundle(), new Collect(List.of("img", "gt_bboxes", "gt_labels")));
        return new DetDataset(dir.toString(), new ParsedDataset(infos, List.of("object"), new ProblemLog(dir.toString())),
                dir.toString(), pipeline, DatasetOptions.train());
    }
}
