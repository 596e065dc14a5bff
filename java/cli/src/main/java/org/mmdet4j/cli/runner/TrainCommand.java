package org.mmdet4j.cli.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmdet4j.config.Config;
import org.mmdet4j.runner.TrainSetup;
import org.mmdet4j.runner.TrainableModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j train CONFIG}: mmdetection's {@code tools/train.py}. The work dir defaults to
 * {@code work_dirs/<config name>}; it receives the merged config, the logs and the checkpoints.
 * A model type this build does not provide is an error, never a silent substitute.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a detector from a config.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Config file (.yaml, .yml, .json or .py).")
    Path config;

    @Option(names = "--work-dir", description = "Where logs and checkpoints go (default: work_dirs/<config name>).")
    Path workDir;

    @Option(names = "--resume-from", description = "Checkpoint (or work dir, through its 'latest') to resume from.")
    Path resumeFrom;

    @Option(names = "--load-from", description = "Checkpoint to take the weights from; training starts at epoch 0.")
    Path loadFrom;

    @Option(names = "--cfg-options", arity = "1..*", paramLabel = "KEY=VALUE", description = "Config overrides.")
    List<String> cfgOptions = new ArrayList<>();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--seed", description = "Random seed (default: the resumed run's, else the config's, else 0).")
    Long seed;

    @Option(names = "--deterministic", description = "Ask the native training step for deterministic kernels.")
    boolean deterministic;

    @Option(names = "--no-validate", description = "Do not evaluate during training.")
    boolean noValidate;

    @Override
    public Integer call() {
        Config cfg = device.apply(Config.fromFile(config, cfgOptions));
        if (deterministic) {
            cfg = cfg.with("deterministic", true);
        }
        TrainableModel model = TrainSetup.startsFromCheckpoint(cfg, resumeFrom, loadFrom)
                ? TrainSetup.buildModelForCheckpoint(cfg) : TrainSetup.buildModel(cfg);
        Path dir = workDir != null ? workDir : cfg.has("work_dir") && cfg.at("work_dir") != null
                ? Path.of(cfg.getString("work_dir")) : Path.of("work_dirs", stem(config));
        TrainSetup.Prepared p = TrainSetup.prepare(cfg, model, dir, resumeFrom, loadFrom, seed, !noValidate);
        cfg.dump(dir.resolve(config.getFileName()));
        p.runner().run(p.sources(), p.workflow());
        spec.commandLine().getOut().println("done: checkpoints and logs in " + dir);
        return 0;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
