package org.mmdet4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mmdet4j.cli.runner.DeviceOption;
import org.mmdet4j.cli.runner.PrecisionOption;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.evaluation.coco.CocoEvalResult;
import org.mmdet4j.evaluation.coco.IouType;
import org.mmdet4j.evaluation.widerface.WiderFaceResult;
import org.mmdet4j.runner.BatchSource;
import org.mmdet4j.runner.CocoMetricsEvaluator;
import org.mmdet4j.runner.DatasetPredictor;
import org.mmdet4j.runner.Detections;
import org.mmdet4j.runner.TestSetup;
import org.mmdet4j.runner.TrainSetup;
import org.mmdet4j.runner.WiderFaceMetricsEvaluator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j test CONFIG CKPT}: mmdetection's {@code tools/test.py} on {@code data.test} —
 * predicts every image, then writes COCO results ({@code --out}; a model with masks also gets
 * {@code <out>.segm.json}, as mmdetection's {@code results2json}), evaluates
 * ({@code --eval bbox segm}) and draws the detections ({@code --show-dir}). On a
 * {@code RetinaFaceDataset}, {@code --eval widerface} is WIDER FACE's official evaluation (the
 * subsets folder from the config's {@code evaluation.subsets}) and {@code --out DIR} writes the
 * official prediction layout, a folder per event and a {@code .txt} per image.
 */
@Command(name = "test", mixinStandardHelpOptions = true, description = "Test a trained detector on data.test.")
public final class TestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Config file.")
    Path config;

    @Parameters(index = "1", paramLabel = "CKPT", description = "Checkpoint (.pth) or a work dir (its latest).")
    Path checkpoint;

    @Option(names = "--eval", arity = "1..*", paramLabel = "METRIC",
            description = "Metrics to evaluate: bbox, segm (a model with a mask head); widerface (a "
                    + "RetinaFaceDataset; the subsets folder from the config's evaluation.subsets).")
    List<String> eval = new ArrayList<>();

    @Option(names = "--out", description = "Write the detections as a COCO results JSON file (masks: also "
            + "<out>.segm.json); for a RetinaFaceDataset, into this new or empty folder in WIDER FACE's "
            + "prediction layout (a folder per event, a .txt per image).")
    Path out;

    @Option(names = "--show-dir", description = "Write every image with its detections as PNG into this folder.")
    Path showDir;

    @Option(names = "--show-score-thr", defaultValue = "0.3",
            description = "Score threshold of the drawn detections (default ${DEFAULT-VALUE}).")
    double showScoreThr;

    @Option(names = "--cfg-options", arity = "1..*", paramLabel = "KEY=VALUE", description = "Config overrides.")
    List<String> cfgOptions = new ArrayList<>();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Mixin
    PrecisionOption precision = new PrecisionOption();

    @Override
    public Integer call() {
        for (String metric : eval) {
            if (!metric.equals("bbox") && !metric.equals("segm") && !metric.equals(WiderFaceMetricsEvaluator.METRIC)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--eval: only 'bbox' and 'segm' (COCO "
                        + "data) and 'widerface' (face data) are supported, got '" + metric + "'");
            }
        }
        boolean widerface = eval.contains(WiderFaceMetricsEvaluator.METRIC);
        if (widerface && eval.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--eval: widerface is evaluated alone, got "
                    + eval);
        }
        List<IouType> metrics = eval.isEmpty() || widerface ? List.of()
                : CocoMetricsEvaluator.parseMetrics(eval, "--eval");
        if (eval.isEmpty() && out == null && showDir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "nothing to do: give at least one of --eval, --out, --show-dir");
        }
        Config cfg = device.apply(Config.fromFile(config, cfgOptions));
        ConfigDict testCfg = cfg.getDict("data.test").with("test_mode", true);
        boolean faceData = "RetinaFaceDataset".equals(testCfg.getString("type", null));
        // Checked before the long prediction.
        Path boxFile = widerface ? WiderFaceMetricsEvaluator.boxFile(testCfg, "data.test") : null;
        Path subsets = widerface ? WiderFaceMetricsEvaluator.subsetsDir(testCfg, cfg.at("evaluation.subsets", null),
                "evaluation.subsets") : null;
        if (faceData && !metrics.isEmpty()) {
            throw new IllegalArgumentException("--eval " + String.join(" ", eval) + " needs COCO annotations; "
                    + "data.test is a RetinaFaceDataset: use --eval widerface");
        }
        if (faceData && out != null) {
            requireNewOrEmptyFolder(out);
        }
        TestSetup.Loaded loaded = TestSetup.load(cfg, checkpoint, precision.precision());
        if (metrics.contains(IouType.SEGM) && !loaded.model().predictsMasks()) {
            closeQuietly(loaded.model());
            throw new IllegalArgumentException("--eval segm needs a model with a mask head; "
                    + cfg.getString("model.type") + " here predicts boxes only");
        }
        boolean masks = loaded.model().predictsMasks();
        var printer = spec.commandLine().getOut();
        DetDataset dataset;
        List<Detections> results;
        WiderFaceMetricsEvaluator faces = null;
        try {
            dataset = TrainSetup.dataset(testCfg, null);
            if (widerface) {
                faces = new WiderFaceMetricsEvaluator(dataset, boxFile, subsets);
            }
            BatchSource source = TrainSetup.sequentialSource(dataset, testCfg.getInt("samples_per_gpu", 1),
                    cfg.getDict("data").getInt("workers_per_gpu", 2));
            results = DatasetPredictor.predict(loaded.model(), source, System.out);
        } finally {
            closeQuietly(loaded.model());
        }
        CocoMetricsEvaluator evaluator = !faceData && (out != null || !metrics.isEmpty())
                // Writing results needs the categories only; ground-truth masks are read for segm.
                ? new CocoMetricsEvaluator(dataset, TrainSetup.annFile(testCfg),
                        metrics.isEmpty() ? List.of(IouType.BBOX) : metrics)
                : null;
        if (out != null && faceData) {
            int n = WiderFaceMetricsEvaluator.writePredictions(dataset, results, out);
            printer.println("wrote the predictions of " + n + " images to " + out + " (WIDER FACE layout)");
        } else if (out != null) {
            int n = results.stream().mapToInt(Detections::size).sum();
            evaluator.toCoco(results, IouType.BBOX, true).write(out);
            printer.println("wrote " + n + " detections to " + out);
            if (masks) {
                Path segm = segmResultsFile(out);
                evaluator.toCoco(results, IouType.SEGM, true).write(segm);
                printer.println("wrote " + n + " instance masks to " + segm);
            }
        }
        for (IouType metric : metrics) {
            CocoEvalResult r = evaluator.result(results, metric);
            printer.println("Evaluating " + metric.label() + "...");
            r.summaryLines().forEach(printer::println);
            String m = metric.label();
            printer.println(String.format(Locale.ROOT, "%s_mAP: %.4f, %s_mAP_50: %.4f, %s_mAP_75: %.4f",
                    m, r.stats()[0], m, r.stats()[1], m, r.stats()[2]));
        }
        if (faces != null) {
            WiderFaceResult r = faces.result(results);
            printer.println("Evaluating widerface...");
            r.summaryLines().forEach(printer::println);
            StringBuilder line = new StringBuilder();
            faces.metrics(r).forEach((k, v) -> line.append(line.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s: %.4f", k, (Double) v)));
            printer.println(line);
        }
        if (showDir != null) {
            List<String> classes = TestSetup.classes(cfg, loaded.meta(), dataset.classes().size());
            int n = ResultImages.write(dataset, results, classes, showDir, showScoreThr, Integer.MAX_VALUE);
            printer.println("wrote " + n + " images with detections to " + showDir);
        }
        return 0;
    }

    /**
     * Where the mask results of {@code --out x.json} go: {@code x.segm.json}; {@code x.bbox.json}
     * gives {@code x.segm.json} too, mmdetection's pair of names.
     */
    static Path segmResultsFile(Path out) {
        String stem = out.getFileName().toString();
        for (String suffix : new String[] {".json", ".bbox"}) {
            if (stem.endsWith(suffix)) {
                stem = stem.substring(0, stem.length() - suffix.length());
            }
        }
        return out.resolveSibling(stem + ".segm.json");
    }

    /**
     * {@code --out} for face data is a folder that {@code eval --metric widerface} reads whole: files
     * left from another run would join its score normalisation, so it must be new or empty.
     */
    private static void requireNewOrEmptyFolder(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + ": for a RetinaFaceDataset --out is a folder (WIDER "
                    + "FACE's prediction layout), and this is a file");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("--out " + dir + " is not empty: prediction files left from "
                        + "another run would join the evaluation's score normalisation; give a new or empty folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Object model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // predictions are done or failed; the first error is the one to report
            }
        }
    }
}
