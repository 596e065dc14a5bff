package org.mmdet4j.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mmdet4j.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code ./mmdet4j} command line. Each sub-command is a small picocli
 * {@code @Command} class that lives in the package of the feature it drives; this class only
 * lists them, and registers just the one that runs. Exit codes: 0 success, 1 error, 2 usage.
 */
@Command(name = "mmdet4j", mixinStandardHelpOptions = true, version = "mmdet4j " + Version.NUMBER,
        description = "Object detection toolbox for the JVM over a LibTorch C++ core.")
public final class Main implements Runnable {
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.LOCAL,
            description = "Print the stack trace of an error.")
    boolean debug;

    /**
     * Sub-commands by their {@code @Command} name, one line each, in the order {@code --help}
     * lists them. Each is built only when registered: picocli reflects over every registered
     * command when the command line is made, which costs more than a short job such as
     * {@code eval} itself.
     */
    static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("demo", DemoCommand::new);
        commands.put("benchmark", BenchmarkCommand::new);
        commands.put("make-shapes", org.mmdet4j.cli.data.MakeShapesCommand::new);
        commands.put("make-faces", org.mmdet4j.cli.data.MakeFacesCommand::new);
        commands.put("browse-dataset", org.mmdet4j.cli.data.BrowseDatasetCommand::new);
        commands.put("convert", org.mmdet4j.cli.data.ConvertCommand::new);
        commands.put("print-config", org.mmdet4j.cli.config.PrintConfigCommand::new);
        commands.put("list-components", org.mmdet4j.cli.registry.ListComponentsCommand::new);
        commands.put("eval", org.mmdet4j.cli.evaluation.EvalCommand::new);
        commands.put("train", org.mmdet4j.cli.runner.TrainCommand::new);
        commands.put("test", TestCommand::new);
        commands.put("infer", InferCommand::new);
        commands.put("publish-model", PublishModelCommand::new);
        commands.put("analyze-logs", org.mmdet4j.cli.runner.AnalyzeLogsCommand::new);
        return commands;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** The full command line, every sub-command registered. */
    public static CommandLine commandLine() {
        return commandLine(subcommands().keySet());
    }

    /**
     * The command line for these arguments: when they name a sub-command, only that one is
     * registered (its parsing, help and errors are the same); otherwise all are, for the
     * top-level help and picocli's suggestions for a mistyped name.
     */
    static CommandLine commandLineFor(String[] args) {
        String named = subcommandName(args);
        return commandLine(named != null ? List.of(named) : subcommands().keySet());
    }

    /** The first argument that is not one of Main's own flags, if it names a sub-command. */
    static String subcommandName(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return subcommands().containsKey(arg) ? arg : null;
            }
        }
        return null;
    }

    private static CommandLine commandLine(Collection<String> names) {
        CommandLine cli = new CommandLine(new Main());
        Map<String, Supplier<Object>> all = subcommands();
        for (String name : names) {
            cli.addSubcommand(all.get(name).get());
        }
        ErrorHandler errors = new ErrorHandler();
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLineFor(args).execute(args));
    }
}
