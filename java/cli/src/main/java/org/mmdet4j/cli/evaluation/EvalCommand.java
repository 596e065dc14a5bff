package org.mmdet4j.cli.evaluation;


import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderMatFiles;
import org.mmdet4j.data.widerface.WiderSubsets;
import org.mmdet4j.evaluation.coco.CocoDetections;
import org.mmdet4j.evaluation.coco.CocoEvalReport;
import org.mmdet4j.evaluation.coco.CocoEvalResult;
import org.mmdet4j.evaluation.coco.CocoEvaluator;
import org.mmdet4j.evaluation.coco.CocoGroundTruth;
import org.mmdet4j.evaluation.coco.IouType;
import org.mmdet4j.evaluation.widerface.WiderFaceEvaluator;
import org.mmdet4j.evaluation.widerface.WiderFaceResult;
import org.mmdet4j.evaluation.widerface.WiderPredictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j eval}: COCO evaluation of a results file against an annotation file, printing
 * pycocotools' 12-line summary, or (with {@code --metric widerface}) WIDER FACE's official
 * evaluation of a prediction folder against a box file and its subsets, printing the easy,
 * medium and hard APs as the official script does; either optionally writes the numbers as JSON.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate COCO results (bbox or segm) with pycocotools' metrics, or WIDER FACE "
                + "predictions with the official evaluation (--metric widerface).",
            "WIDER FACE: eval --metric widerface --ann wider_face_val_bbx_gt.txt --subsets DIR --results PRED_DIR",
            "  or with the official kit: --ann ground_truth/wider_face_val.mat --subsets ground_truth"})
public final class EvalCommand implements Callable<Integer> {
    private static final String WIDERFACE = "widerface";

    @Spec
    CommandSpec spec;

    @Option(names = "--ann", required = true, paramLabel = "GT",
            description = "COCO annotation file (ground truth); for widerface the box file "
                    + "(wider_face_val_bbx_gt.txt) or the official wider_face_val.mat (told by the .mat extension).")
    Path ann;

    @Option(names = "--results", required = true, paramLabel = "RESULTS",
            description = "COCO results file: a JSON array of detections; for widerface the prediction "
                    + "folder (a folder per event, a .txt per image).")
    Path results;

    @Option(names = "--metric", defaultValue = "bbox", paramLabel = "bbox|segm|widerface",
            description = "What to compare: bbox, segm or widerface (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--subsets", paramLabel = "DIR",
            description = "widerface only, required: the folder with easy.txt, medium.txt and hard.txt "
                    + "(tools/widerface_mat_to_text.py writes them) or the official wider_easy_val.mat, "
                    + "wider_medium_val.mat and wider_hard_val.mat (the text files win when both are there).")
    Path subsets;

    @Option(names = "--json", paramLabel = "OUT.json",
            description = "Write {\"stats\": [...], \"per_category\": {...}} (COCO) or "
                    + "{\"easy\": .., \"medium\": .., \"hard\": ..} (widerface) to this file.")
    Path json;

    @Option(names = "--classwise", description = "COCO only: also print the per-category AP table.")
    boolean classwise;

    @Override
    public Integer call() {
        if (WIDERFACE.equals(metric)) {
            if (subsets == null) {
                throw new ParameterException(spec.commandLine(), "--metric widerface needs --subsets DIR");
            }
            if (classwise) {
                throw new ParameterException(spec.commandLine(), "--classwise is for COCO metrics, not widerface");
            }
            return widerface();
        }
        if (subsets != null) {
            throw new ParameterException(spec.commandLine(), "--subsets is for --metric widerface only");
        }
        return coco();
    }

    private int coco() {
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
        printTime(t0, t1, t2);
        return 0;
    }

    private int widerface() {
        long t0 = System.nanoTime();
        WiderBoxFile boxes = WiderMatFiles.isMatFile(ann) ? WiderMatFiles.readBoxes(ann) : WiderBoxFile.read(ann);
        WiderSubsets sets = WiderSubsets.read(subsets, boxes);
        WiderPredictions predictions = WiderPredictions.read(results);
        long t1 = System.nanoTime();
        WiderFaceResult r = new WiderFaceEvaluator().evaluate(boxes, sets, predictions);
        long t2 = System.nanoTime();
        if (r.scores().degenerate()) {
            System.out.println("warning: the scores' normalisation range is [" + r.scores().min() + ", "
                    + r.scores().max() + "]: it divides by zero, as in the official script, and no "
                    + "prediction passes a threshold");
        }
        r.summaryLines().forEach(System.out::println);
        if (json != null) {
            r.writeJson(json);
        }
        printTime(t0, t1, t2);
        return 0;
    }

    private static void printTime(long t0, long t1, long t2) {
        // Parsed by the evaluation benchmark; keep the format.
        System.out.printf(Locale.ROOT, "eval time: load %.3f s, evaluate %.3f s, total %.3f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t0) / 1e9);
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
