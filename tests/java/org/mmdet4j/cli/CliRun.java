package org.mmdet4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLineFor(args); // as main() builds it
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * {@code train CONFIG} on a generated shapes dataset at {@code data}, shrunk for tests: batches
     * of 2, a log line and a checkpoint every iteration or epoch, 2 warm-up iterations, no
     * validation; {@code extra} continues the {@code --cfg-options} (or adds options after them).
     */
    static CliRun trainOnShapes(String config, Path data, Path work, String... extra) {
        String root = data.toAbsolutePath() + "/";
        List<String> args = new ArrayList<>(List.of("train", config, "--work-dir",
                work.toString(), "--no-validate", "--cfg-options", "data.train.data_root=" + root,
                "data.val.data_root=" + root, "data.test.data_root=" + root, "data.samples_per_gpu=2",
                "log_config.interval=1", "lr_config.warmup_iters=2", "checkpoint_config.interval=1"));
        args.addAll(List.of(extra));
        return of(args.toArray(String[]::new));
    }

    long errLines() {
        return err.strip().lines().count();
    }
}
