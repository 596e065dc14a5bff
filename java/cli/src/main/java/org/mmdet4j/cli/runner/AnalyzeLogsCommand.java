package org.mmdet4j.cli.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmdet4j.runner.logs.CurvePlot;
import org.mmdet4j.runner.logs.JsonLog;
import org.mmdet4j.runner.logs.LogAnalysis;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j analyze-logs plot_curve|cal_train_time LOG.json...}: mmdetection's
 * {@code tools/analysis_tools/analyze_logs.py} on the JSON-lines logs the runner writes.
 */
@Command(name = "analyze-logs", mixinStandardHelpOptions = true,
        description = "Plot curves of, or time, training runs from their .log.json files.",
        subcommands = {AnalyzeLogsCommand.PlotCurve.class, AnalyzeLogsCommand.CalTrainTime.class})
public final class AnalyzeLogsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: plot_curve or cal_train_time");
    }

    @Command(name = "plot_curve", mixinStandardHelpOptions = true,
            description = "Plot loss curves (against iterations) or mAP curves (against epochs) to a PNG.")
    static final class PlotCurve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "LOG", description = "JSON logs (<timestamp>.log.json).")
        List<Path> logs;

        @Option(names = "--keys", arity = "1..*", defaultValue = "bbox_mAP",
                description = "Metrics to plot (default: ${DEFAULT-VALUE}), e.g. loss_cls loss_bbox.")
        List<String> keys;

        @Option(names = "--title", defaultValue = "", description = "Title of the figure.")
        String title;

        @Option(names = "--legend", arity = "1..*", description = "One legend entry per log and key.")
        List<String> legend;

        @Option(names = "--out", description = "PNG to write (default: <first log>.png).")
        Path out;

        @Override
        public Integer call() {
            List<String> labels = new ArrayList<>();
            for (Path log : logs) {
                for (String key : keys) {
                    labels.add(stem(log) + "_" + key);
                }
            }
            if (legend != null && legend.size() != labels.size()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--legend needs " + labels.size()
                        + " entries (one per log and key), got " + legend.size());
            }
            List<CurvePlot.Series> series = new ArrayList<>();
            boolean byEpoch = true;
            int k = 0;
            for (Path file : logs) {
                JsonLog log = JsonLog.read(file);
                for (String key : keys) {
                    if (!log.hasKey(key)) {
                        throw new IllegalArgumentException(file + " does not contain metric " + key);
                    }
                    String label = legend != null ? legend.get(k) : labels.get(k);
                    k++;
                    if (key.contains("mAP")) {
                        series.add(epochSeries(log, key, label));
                    } else {
                        byEpoch = false;
                        series.add(LogAnalysis.iterSeries(log, key, label));
                    }
                }
            }
            Path png = out != null ? out : Path.of(logs.get(0).toString().replaceFirst("\\.log\\.json$", "")
                    .replaceFirst("\\.json$", "") + ".png");
            CurvePlot.write(png, title, byEpoch ? "epoch" : "iter", series);
            spec.commandLine().getOut().println("saved the plot to " + png);
            return 0;
        }

        private static CurvePlot.Series epochSeries(JsonLog log, String key, String label) {
            List<double[]> points = new ArrayList<>();
            for (int epoch : log.epochs()) {
                for (double v : log.values(epoch, key, "val")) {
                    points.add(new double[] {epoch, v});
                }
            }
            return toSeries(label, points, true);
        }

        private static CurvePlot.Series toSeries(String label, List<double[]> points, boolean markers) {
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            return new CurvePlot.Series(label, x, y, markers);
        }

        private static String stem(Path log) {
            return log.getFileName().toString().replaceFirst("\\.log\\.json$", "").replaceFirst("\\.json$", "");
        }
    }

    @Command(name = "cal_train_time", mixinStandardHelpOptions = true,
            description = "Print the slowest, fastest and average iteration time per epoch.")
    static final class CalTrainTime implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "LOG", description = "JSON logs (<timestamp>.log.json).")
        List<Path> logs;

        @Option(names = "--include-outliers",
                description = "Include the first logged time of each epoch (usually slow: loader start-up).")
        boolean includeOutliers;

        @Override
        public Integer call() {
            for (Path file : logs) {
                for (String line : LogAnalysis.trainTime(JsonLog.read(file), includeOutliers)) {
                    spec.commandLine().getOut().println(line);
                }
                spec.commandLine().getOut().println();
            }
            return 0;
        }
    }
}
