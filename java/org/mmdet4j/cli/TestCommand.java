package org.mmdet4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.evaluation.coco.CocoEvalResult;
import org.mmdet4j.runner.BatchSource;
import org.mmdet4j.runner.CocoBboxEvaluator;
import org.mmdet4j.runner.DatasetPredictor;
import org.mmdet4j.runner.Detections;
import org.mmdet4j.runner.TestSetup;
import org.mmdet4j.runner.TrainSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j test CONFIG CKPT}: mmdetection's {@code tools/test.py} on {@code data.test} —
 * predicts every image, then writes COCO results ({@code --out}), evaluates ({@code --eval bbox})
 * and draws the detections ({@code --show-dir}).
 */
@Command(name = "test", mixinStandardHelpOptions = true, description = "Test a trained detector on data.test.")
public final class TestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Config file.")
    Path config;

    @Parameters(index = "1", paramLabel = "CKPT", description = "Checkpoint (.pth) or a work dir (its latest).")
    Path checkpoint;

    @Option(names = "--eval", arity = "1..*", paramLabel = "METRIC", description = "Metrics to evaluate: bbox.")
    List<String> eval = new ArrayList<>();

    @Option(names = "--out", description = "Write the detections as a COCO results JSON file.")
    Path out;

    @Option(names = "--show-dir", description = "Write every image with its detections as PNG into this folder.")
    Path showDir;

    @Option(names = "--show-score-thr", defaultValue = "0.3",
            description = "Score threshold of the drawn detections (default ${DEFAULT-VALUE}).")
    double showScoreThr;

    @Option(names = "--cfg-options", arity = "1..*", paramLabel = "KEY=VALUE", description = "Config overrides.")
    List<String> cfgOptions = new ArrayList<>();

    @Override
    public Integer call() {
        for (String metric : eval) {
            if (!metric.equals("bbox")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--eval: only 'bbox' is supported, got '"
                        + metric + "'");
            }
        }
        if (eval.isEmpty() && out == null && showDir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "nothing to do: give at least one of --eval, --out, --show-dir");
        }
        Config cfg = Config.fromFile(config, cfgOptions);
        ConfigDict testCfg = cfg.getDict("data.test").with("test_mode", true);
        TestSetup.Loaded loaded = TestSetup.load(cfg, checkpoint);
        var printer = spec.commandLine().getOut();
        DetDataset dataset;
        List<Detections> results;
        try {
            dataset = TrainSetup.dataset(testCfg, null);
            BatchSource source = TrainSetup.sequentialSource(dataset, testCfg.getInt("samples_per_gpu", 1),
                    cfg.getDict("data").getInt("workers_per_gpu", 2));
            results = DatasetPredictor.predict(loaded.model(), source, System.out);
        } finally {
            if (loaded.model() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // predictions are done or failed; the first error is the one to report
                }
            }
        }
        CocoBboxEvaluator evaluator = out != null || !eval.isEmpty()
                ? new CocoBboxEvaluator(dataset, TrainSetup.annFile(testCfg)) : null;
        if (out != null) {
            evaluator.toCoco(results).write(out);
            printer.println("wrote " + results.stream().mapToInt(Detections::size).sum() + " detections to " + out);
        }
        if (!eval.isEmpty()) {
            CocoEvalResult r = evaluator.result(results);
            r.summaryLines().forEach(printer::println);
            printer.println(String.format(Locale.ROOT, "bbox_mAP: %.4f, bbox_mAP_50: %.4f, bbox_mAP_75: %.4f",
                    r.stats()[0], r.stats()[1], r.stats()[2]));
        }
        if (showDir != null) {
            List<String> classes = TestSetup.classes(cfg, loaded.meta(), dataset.classes().size());
            int n = ResultImages.write(dataset, results, classes, showDir, showScoreThr, Integer.MAX_VALUE);
            printer.println("wrote " + n + " images with detections to " + showDir);
        }
        return 0;
    }
}
