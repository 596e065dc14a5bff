package org.mmdet4j.cli.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.config.ConfigFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j print-config CONFIG [--cfg-options k=v ...] [--format yaml|json|py]}: prints
 * the fully merged config (bases resolved, overrides applied), like mmdetection's
 * {@code tools/misc/print_config.py}. Config errors become one line and exit code 1 through
 * the CLI's error handler; a bad {@code --format} is a usage error (exit code 2).
 */
@Command(name = "print-config", mixinStandardHelpOptions = true,
        description = "Print a config with its _base_ files merged and overrides applied.")
public final class PrintConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Config file (.yaml, .yml, .json or .py).")
    Path config;

    @Option(names = "--cfg-options", arity = "1..*", paramLabel = "KEY=VALUE",
            description = "Overrides such as model.bbox_head.num_classes=3 data.train.pipeline.2.img_scale=[640,480].")
    List<String> cfgOptions = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml",
            description = "Output syntax: yaml, json or py (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        ConfigFormat output;
        try {
            output = ConfigFormat.byName(format);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Config cfg = Config.fromFile(config, cfgOptions);
        spec.commandLine().getOut().print(cfg.dump(output));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
