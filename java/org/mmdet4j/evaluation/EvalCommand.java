package org.mmdet4j.evaluation;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.mmdet4j.evaluation.coco.CocoDetections;
import org.mmdet4j.evaluation.coco.CocoEvalReport;
import org.mmdet4j.evaluation.coco.CocoEvalResult;
import org.mmdet4j.evaluation.coco.CocoEvaluator;
import org.mmdet4j.evaluation.coco.CocoGroundTruth;
import org.mmdet4j.evaluation.coco.IouType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmdet4j eval}: COCO evaluation of a results file against an annotation file, printing
 * pycocotools' 12-line summary and optionally writing the numbers as JSON.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate COCO results (bbox or segm) with pycocotools' metrics.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--ann", required = true, paramLabel = "GT.json",
            description = "COCO annotation file (ground truth).")
    Path ann;

    @Option(names = "--results", required = true, paramLabel = "DT.json",
            description = "COCO results file: a JSON array of detections.")
    Path results;

    @Option(names = "--metric", defaultValue = "bbox", paramLabel = "bbox|segm",
            description = "What to compare: bbox or segm (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--json", paramLabel = "OUT.json",
            description = "Write {\"stats\": [...], \"per_category\": {...}} to this file.")
    Path json;

    @Option(names = "--classwise", description = "Also print the per-category AP table.")
    boolean classwise;

    @Override
    public Integer call() {
        IouType type = IouType.fromLabel(metric);
        long t0 = System.nanoTime();
        // The two files are independent: read the annotations on another thread meanwhile.
        CompletableFuture<CocoGroundTruth> gtFuture =
                CompletableFuture.supplyAsync(() -> CocoGroundTruth.read(ann, type));
        CocoDetections dt = CocoDetections.read(results);
        CocoGroundTruth gt = join(gtFuture);
        long t1 = System.nanoTime();
        CocoEvalResult r = new CocoEvaluator(gt, dt, type).evaluate();
        long t2 = System.nanoTime();
        if (r.isEmpty()) {
            System.out.println("warning: " + results + " holds no detections; all stats are -1");
        }
        r.summaryLines().forEach(System.out::println);
        if (classwise) {
            CocoEvalReport.categoryTable(r).forEach(System.out::println);
        }
        if (json != null) {
            CocoEvalReport.writeJson(r, json);
        }
        // Parsed by the evaluation benchmark; keep the format.
        System.out.printf(Locale.ROOT, "eval time: load %.3f s, evaluate %.3f s, total %.3f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }
}
