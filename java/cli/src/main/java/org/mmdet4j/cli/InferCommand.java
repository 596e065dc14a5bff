package org.mmdet4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmdet4j.api.Detection;
import org.mmdet4j.api.DetectionPainter;
import org.mmdet4j.api.Detector;
import org.mmdet4j.cli.runner.DeviceOption;
import org.mmdet4j.cli.runner.PrecisionOption;
import org.mmdet4j.config.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j infer CONFIG CKPT IMAGE...}: mmdetection's {@code demo/image_demo.py} — detects
 * objects in each image with the {@link Detector} API, prints them and writes the image with
 * boxes, class names and scores as {@code <out-dir>/<image name>.png}.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Detect objects in images and write them as PNGs with boxes, labels and scores.")
public final class InferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Config file.")
    Path config;

    @Parameters(index = "1", paramLabel = "CKPT", description = "Checkpoint (.pth) or a work dir (its latest).")
    Path checkpoint;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "IMAGE", description = "JPEG or PNG images.")
    List<Path> images;

    @Option(names = "--out-dir", defaultValue = "infer_results",
            description = "Where the PNGs go (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Option(names = "--score-thr", defaultValue = "0.3",
            description = "Only detections with at least this score (default: ${DEFAULT-VALUE}).")
    double scoreThr;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Mixin
    PrecisionOption precision = new PrecisionOption();

    @Override
    public Integer call() {
        if (scoreThr < 0 || scoreThr > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--score-thr must be in [0, 1], got "
                    + scoreThr);
        }
        var out = spec.commandLine().getOut();
        try (Detector detector = Detector.fromConfig(device.apply(Config.fromFile(config)), checkpoint,
                precision.precision())) {
            for (Path image : images) {
                List<Detection> all = detector.detect(image);
                List<Detection> kept = all.stream().filter(d -> d.score() >= scoreThr).toList();
                Path png = outDir.resolve(ResultImages.pngName(image));
                DetectionPainter.writePng(DetectionPainter.paint(DetectionPainter.read(image), kept, 0), png);
                out.printf("%s: %d detections with score >= %.2f -> %s%n", image, kept.size(), scoreThr, png);
                for (Detection d : kept) {
                    out.println(String.format(Locale.ROOT, "  %-10s %.3f  (%.1f, %.1f, %.1f, %.1f)%s", d.className(),
                            d.score(), d.x1(), d.y1(), d.x2(), d.y2(), landmarks(d)));
                }
            }
        }
        return 0;
    }

    /** "  landmarks (x, y) ..." for a model with landmarks, else nothing. */
    private static String landmarks(Detection d) {
        float[] p = d.landmarks();
        if (p == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("  landmarks");
        for (int i = 0; i < p.length; i += 2) {
            sb.append(String.format(Locale.ROOT, " (%.1f, %.1f)", p[i], p[i + 1]));
        }
        return sb.toString();
    }
}
