package org.mmdet4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmdet4j.cli.runner.DeviceOption;
import org.mmdet4j.cli.runner.PrecisionOption;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.ops.bench.OpsBenchmark;
import org.mmdet4j.runner.BatchSource;
import org.mmdet4j.runner.InferenceBenchmark;
import org.mmdet4j.runner.TestSetup;
import org.mmdet4j.runner.TrainSetup;
import org.mmdet4j.runner.TrainableModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j benchmark CONFIG [CKPT]}: inference images per second of a config on its
 * {@code data.test} images (mmdetection's {@code tools/analysis_tools/benchmark.py});
 * {@code mmdet4j benchmark ops}: median times of the native ops on this machine.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Measure inference speed of a config (images/s on data.test), or the native ops (benchmark ops).",
        subcommands = {BenchmarkCommand.Ops.class})
public final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "Config file.")
    Path config;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CKPT",
            description = "Checkpoint (.pth) or work dir; without one the config's initial weights are timed.")
    Path checkpoint;

    @Option(names = "--max-iter", defaultValue = "200", description = "Images to run (default ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--warmup", defaultValue = "5", description = "First images not counted (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--log-interval", defaultValue = "50", description = "Report every N images (default ${DEFAULT-VALUE}).")
    int logInterval;

    @Option(names = "--cfg-options", arity = "1..*", paramLabel = "KEY=VALUE", description = "Config overrides.")
    List<String> cfgOptions = new ArrayList<>();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Mixin
    PrecisionOption precision = new PrecisionOption();

    @Override
    public Integer call() {
        if (config == null) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        InferenceBenchmark benchmark = new InferenceBenchmark(maxIter, warmup, logInterval);
        Config cfg = device.apply(Config.fromFile(config, cfgOptions));
        ConfigDict testCfg = cfg.getDict("data.test").with("test_mode", true);
        TrainableModel model = checkpoint == null ? TrainSetup.buildModel(cfg) : TestSetup.load(cfg, checkpoint).model();
        try {
            model.evalMode();
            model.setPrecision(precision.precision());
            // One image per batch, as mmdetection's benchmark; one loader thread beside the model.
            BatchSource source = TrainSetup.sequentialSource(TrainSetup.dataset(testCfg, null), 1, 1);
            benchmark.run(model, source, spec.commandLine().getOut());
        } finally {
            if (model instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the measurement is done or failed; its error is the one to report
                }
            }
        }
        return 0;
    }

    @Command(name = "ops", mixinStandardHelpOptions = true,
            description = "Time NMS, batched NMS, RoIAlign and focal loss on the benchmark sizes.")
    static final class Ops implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "9", description = "Timed runs per case (default ${DEFAULT-VALUE}).")
        int runs;

        @Override
        public Integer call() {
            System.out.printf("%-38s %-24s %13s%n", "op", "size", "median");
            new OpsBenchmark(runs).run(System.out);
            return 0;
        }
    }
}
