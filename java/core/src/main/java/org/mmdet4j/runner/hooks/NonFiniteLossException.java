package org.mmdet4j.runner.hooks;

import java.nio.file.Path;
import org.mmdet4j.runner.TrainingStoppedException;

/** A run stopped by {@link NonFiniteLossHook}. */
public final class NonFiniteLossException extends TrainingStoppedException {
    private final int iteration;
    private final String term;
    private final Path checkpoint;

    public NonFiniteLossException(int iteration, String term, String message, Path checkpoint) {
        super(message);
        this.iteration = iteration;
        this.term = term;
        this.checkpoint = checkpoint;
    }

    /** The failing iteration, 1-based as in the log. */
    public int iteration() {
        return iteration;
    }

    /** The first non-finite term: a loss name, {@code loss} or {@code grad_norm}. */
    public String term() {
        return term;
    }

    /** The saved last good state. */
    public Path checkpoint() {
        return checkpoint;
    }
}
