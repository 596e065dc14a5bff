package org.mmdet4j.cli;

import java.util.concurrent.Callable;
import org.mmdet4j.ops.bench.OpsBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mmdet4j benchmark ops}: median times of the native ops on this machine. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Measure performance on this machine (medians of several runs).",
        subcommands = {BenchmarkCommand.Ops.class})
public final class BenchmarkCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
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
