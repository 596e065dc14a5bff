package org.mmdet4j.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code ./mmdet4j} command line. Each sub-command is a small picocli
 * {@code @Command} class that lives in the package of the feature it drives; this class only
 * lists them. Exit codes: 0 success, 1 error, 2 usage.
 */
@Command(name = "mmdet4j", mixinStandardHelpOptions = true, version = "mmdet4j 0.1.0",
        description = "Object detection toolbox for the JVM over a LibTorch C++ core.")
public final class Main implements Runnable {
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.LOCAL,
            description = "Print the stack trace of an error.")
    boolean debug;

    /** Sub-commands, one line each, in the order {@code --help} lists them. */
    static List<Object> subcommands() {
        return List.of(
                new DemoCommand(),
                new BenchmarkCommand(),
                new org.mmdet4j.data.MakeShapesCommand(),
                new org.mmdet4j.data.BrowseDatasetCommand(),
                new org.mmdet4j.config.PrintConfigCommand(),
                new org.mmdet4j.evaluation.EvalCommand(),
                new org.mmdet4j.runner.TrainCommand(),
                new TestCommand(),
                new InferCommand(),
                new PublishModelCommand(),
                new org.mmdet4j.runner.logs.AnalyzeLogsCommand()
        );
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (Object sub : subcommands()) {
            cli.addSubcommand(sub);
        }
        ErrorHandler errors = new ErrorHandler();
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
