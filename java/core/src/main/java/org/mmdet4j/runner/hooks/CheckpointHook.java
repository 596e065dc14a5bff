package org.mmdet4j.runner.hooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mmdet4j.runner.CheckpointFiles;
import org.mmdet4j.runner.FileWriteException;
import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Mode;
import org.mmdet4j.runner.Runner;

/**
 * {@code checkpoint_config}: saves {@code epoch_N.pth} every {@code interval} epochs (or
 * {@code iter_N.pth} every {@code interval} iterations when not {@code by_epoch}), and at the
 * end of the run when {@code save_last}; points {@code latest} at each new file; keeps only the
 * newest {@code max_keep_ckpts} of its own files when that is positive. Writes are atomic
 * ({@link CheckpointFiles}): a write that fails (no space left, a read-only folder) leaves the
 * previous checkpoints and {@code latest} as they were, and stops the run with the file and the
 * cause, or with {@code on_save_error='warn'} prints that as a warning and trains on (the next
 * save tries again).
 */
public final class CheckpointHook extends Hook {
    private final int interval;
    private final boolean byEpoch;
    private final boolean saveOptimizer;
    private final int maxKeepCkpts;
    private final boolean saveLast;
    private final boolean warnOnSaveError;

    /**
     * @param interval        saving period; non-positive saves only the last (with {@code saveLast})
     * @param warnOnSaveError a failed write warns instead of stopping the run
     */
    public CheckpointHook(int interval, boolean byEpoch, boolean saveOptimizer, int maxKeepCkpts, boolean saveLast,
                          boolean warnOnSaveError) {
        this.interval = interval;
        this.byEpoch = byEpoch;
        this.saveOptimizer = saveOptimizer;
        this.maxKeepCkpts = maxKeepCkpts;
        this.saveLast = saveLast;
        this.warnOnSaveError = warnOnSaveError;
    }

    @Override
    public void beforeRun(Runner runner) {
        CheckpointFiles.removeStaleTemporaries(runner.workDir());
    }

    @Override
    public void afterEpoch(Runner runner) {
        if (!byEpoch || runner.mode() != Mode.TRAIN || !runner.byEpoch()) {
            return;
        }
        int n = runner.epoch() + 1;
        if ((interval > 0 && n % interval == 0) || (saveLast && n == runner.maxEpochs())) {
            save(runner, "epoch_", n);
        }
    }

    @Override
    public void afterIter(Runner runner) {
        if (byEpoch || runner.mode() != Mode.TRAIN) {
            return;
        }
        int n = runner.iter() + 1;
        if ((interval > 0 && n % interval == 0) || (saveLast && n == runner.maxIters())) {
            save(runner, "iter_", n);
        }
    }

    private void save(Runner runner, String prefix, int n) {
        Path file;
        try {
            file = runner.saveCheckpoint(prefix + n + ".pth", saveOptimizer, true);
        } catch (FileWriteException e) {
            if (!warnOnSaveError) {
                throw e;
            }
            runner.out().printf("WARNING: checkpoint not saved (on_save_error='warn'; training goes on): %s%n",
                    e.getMessage());
            return;
        }
        runner.out().printf("saved checkpoint at %s %d: %s%n", prefix.equals("epoch_") ? "epoch" : "iter", n, file);
        if (maxKeepCkpts > 0) {
            removeOld(runner.workDir(), prefix, n, maxKeepCkpts);
        }
    }

    /**
     * Keeps the newest {@code keep} files named {@code prefix<number>.pth} up to the one just saved
     * ({@code current}) and deletes the older ones. Higher numbers come from another run in the same
     * work dir (a longer schedule before): they are not this run's to delete, and counting them
     * would delete the checkpoint just written.
     */
    static void removeOld(Path dir, String prefix, int current, int keep) {
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\.pth");
        record Numbered(Path path, long n) {
        }
        List<Numbered> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Matcher m = name.matcher(p.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) <= current) {
                    found.add(new Numbered(p, Long.parseLong(m.group(1))));
                }
            });
            found.sort(Comparator.comparingLong(Numbered::n).reversed());
            for (int i = keep; i < found.size(); i++) {
                Files.deleteIfExists(found.get(i).path());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove old checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }
}
