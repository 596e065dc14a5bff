package org.mmdet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesWriter;
import org.mmdet4j.evaluation.coco.CocoEvalResult;
import org.mmdet4j.runner.CocoBboxEvaluator;
import org.mmdet4j.runner.DatasetPredictor;
import org.mmdet4j.runner.Detections;
import org.mmdet4j.runner.TestSetup;
import org.mmdet4j.runner.TrainSetup;
import org.mmdet4j.runner.TrainableModel;
import org.mmdet4j.runner.logs.CurvePlot;
import org.mmdet4j.runner.logs.JsonLog;
import org.mmdet4j.runner.logs.LogAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j demo}: the main job end to end on the CPU — generates the shapes dataset when
 * it is missing, trains the small Faster R-CNN config from Java, evaluates it on the validation
 * split (COCO table), and writes detection images, the COCO results and a loss-curve PNG.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate the shapes dataset, train a small detector (Faster R-CNN) on it, evaluate and draw "
                + "the results.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "configs/faster_rcnn/faster_rcnn_r18_fpn_shapes.yaml",
            description = "Config to train (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--work-dir", defaultValue = "work_dirs/demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--train-images", defaultValue = "400",
            description = "Training images to generate when the dataset is missing (default: ${DEFAULT-VALUE}).")
    int trainImages;

    @Option(names = "--val-images", defaultValue = "50",
            description = "Validation images to generate when the dataset is missing (default: ${DEFAULT-VALUE}).")
    int valImages;

    @Option(names = "--show", defaultValue = "6", description = "Validation images to draw (default: ${DEFAULT-VALUE}).")
    int show;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the dataset and the training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cfg-options", arity = "1..*", paramLabel = "KEY=VALUE", description = "Config overrides.")
    List<String> cfgOptions = new ArrayList<>();

    /** The target for this demo: bbox mAP on the shapes validation split. */
    static final double TARGET_MAP = 0.70;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("config not found: " + config + " (run the demo from the repository root)");
        }
        Config cfg = Config.fromFile(config, cfgOptions);
        ConfigDict data = cfg.getDict("data");
        ensureDataset(data, out);

        TrainableModel model = TrainSetup.buildModel(cfg);
        // Evaluated once after training (below), not by the training run's EvalHook.
        TrainSetup.Prepared p = TrainSetup.prepare(cfg, model, workDir, null, null, seed, false);
        cfg.dump(workDir.resolve(config.getFileName()));
        int perBatch = data.getInt("samples_per_gpu", 2);
        int iters = p.runner().maxEpochs() * p.sources().get(0).batchesPerEpoch();
        out.printf("training %s for %d epochs (%d iterations of %d images)...%n", config, p.runner().maxEpochs(),
                iters, perBatch);
        out.flush();
        long trainStart = System.nanoTime();
        p.runner().run(p.sources(), p.workflow());
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;

        ConfigDict testCfg = data.getDict("test").with("test_mode", true);
        DetDataset test = TrainSetup.dataset(testCfg, null);
        model.evalMode();
        long testStart = System.nanoTime();
        List<Detections> results = DatasetPredictor.predict(model, TrainSetup.sequentialSource(test,
                testCfg.getInt("samples_per_gpu", 1), data.getInt("workers_per_gpu", 2)), System.out);
        double testSeconds = (System.nanoTime() - testStart) / 1e9;
        CocoBboxEvaluator evaluator = new CocoBboxEvaluator(test, TrainSetup.annFile(testCfg));
        CocoEvalResult r = evaluator.result(results);
        out.printf("%nCOCO bbox evaluation on %d validation images:%n", test.size());
        r.summaryLines().forEach(out::println);

        Path resultsJson = workDir.resolve("results.bbox.json");
        evaluator.toCoco(results).write(resultsJson);
        Path showDir = workDir.resolve("detections");
        List<String> classes = TestSetup.classes(cfg, p.runner().meta(), test.classes().size());
        int drawn = ResultImages.write(test, results, classes, showDir, 0.3, show);
        Path logJson = workDir.resolve(p.runner().timestamp() + ".log.json");
        Path curve = workDir.resolve("loss_curve.png");
        writeLossCurve(logJson, curve);
        Path checkpoint = workDir.resolve("epoch_" + p.runner().maxEpochs() + ".pth");
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // everything is written; the process ends anyway
            }
        }

        double map = r.stats()[0];
        double total = (System.nanoTime() - start) / 1e9;
        out.println();
        out.println(String.format(Locale.ROOT, "bbox mAP %.3f (mAP@0.5 %.3f; target >= %.2f: %s)", map, r.stats()[1],
                TARGET_MAP, map >= TARGET_MAP ? "reached" : "NOT reached"));
        out.println(String.format(Locale.ROOT, "time: %.0f s in all (training %.0f s, testing %.1f s)", total,
                trainSeconds, testSeconds));
        out.println("  checkpoint        " + checkpoint);
        out.println("  training log      " + logJson + " (and .log)");
        out.println("  loss curve        " + curve);
        out.println("  detections        " + showDir + "/ (" + drawn + " validation images)");
        out.println("  COCO results      " + resultsJson);
        out.println("  config            " + workDir.resolve(config.getFileName()));
        out.println("next: ./mmdet4j infer " + config + " " + checkpoint + " IMAGE...");
        return 0;
    }

    /** Generates the shapes dataset where the config expects it, unless its annotations exist. */
    private void ensureDataset(ConfigDict data, PrintWriter out) throws IOException {
        Path trainAnn = TrainSetup.annFile(data.getDict("train"));
        Path valAnn = TrainSetup.annFile(data.getDict("test"));
        if (Files.isRegularFile(trainAnn) && Files.isRegularFile(valAnn)) {
            out.println("using the dataset in " + trainAnn.getParent().getParent());
            return;
        }
        // annotations/instances_<split>.json under the root, as make-shapes writes them.
        Path root = trainAnn.toAbsolutePath().getParent().getParent();
        long t0 = System.nanoTime();
        ShapesGenerator gen = new ShapesGenerator(seed);
        for (String split : List.of("train", "val")) {
            var images = gen.split(split, split.equals("train") ? trainImages : valImages);
            ShapesWriter.writeImages(root, images);
            ShapesWriter.writeCoco(root, split, images);
        }
        out.printf("generated the shapes dataset (%d train, %d val images) in %s in %.1f s%n", trainImages, valImages,
                root, (System.nanoTime() - t0) / 1e9);
    }

    private static void writeLossCurve(Path logJson, Path png) {
        JsonLog log = JsonLog.read(logJson);
        List<CurvePlot.Series> series = new ArrayList<>();
        for (String key : List.of("loss", "loss_cls", "loss_bbox")) {
            if (log.hasKey(key)) {
                series.add(LogAnalysis.iterSeries(log, key, key));
            }
        }
        CurvePlot.write(png, "training loss", "iter", series);
    }
}
