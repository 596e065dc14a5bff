package org.mmdet4j.runner;

import org.mmdet4j.Mmdet4jException;

import java.nio.file.Path;

/**
 * A checkpoint or other crash-safe file that could not be written (no space left, a read-only
 * folder, ...). The message names the file and the cause; the file's previous version, if any,
 * is still in place ({@link CheckpointFiles#writeAtomically}).
 */
public class FileWriteException extends Mmdet4jException {
    private final transient Path file;

    public FileWriteException(Path file, Throwable cause) {
        super("cannot write " + file + ": " + cause.getMessage(), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
