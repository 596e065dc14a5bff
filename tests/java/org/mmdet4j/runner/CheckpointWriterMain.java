package org.mmdet4j.runner;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link KillDuringCheckpointTest}: saves checkpoints in a loop through the
 * runner (temporary file, fsync, rename, {@code latest}), printing {@code writing k} before and
 * {@code saved k} after each, with deliberately slow writes so that a kill lands mid-write.
 */
public final class CheckpointWriterMain {
    private CheckpointWriterMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        LinearModel model = new LinearModel(4);
        model.paddingChunks = 40;
        model.sleepPerChunkMillis = 10;
        Runner runner = new EpochBasedRunner(model, dir, 1);
        runner.setOut(new PrintStream(PrintStream.nullOutputStream()));
        for (int k = 1; ; k++) {
            model.w[0] = k;
            runner.meta().put("k", k);
            System.out.println("writing " + k);
            System.out.flush();
            runner.saveCheckpoint("ckpt_" + k + ".pth", true, true);
            System.out.println("saved " + k);
            System.out.flush();
        }
    }
}
