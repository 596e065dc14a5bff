package org.mmdet4j.runner;

import org.mmdet4j.Mmdet4jException;

/**
 * Thrown by a hook to end a run on purpose, with a message meant for the user (it becomes the
 * command line's one-line error).
 */
public class TrainingStoppedException extends Mmdet4jException {
    public TrainingStoppedException(String message) {
        super(message);
    }

    public TrainingStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
