package org.mmdet4j.data.datasets;

/** A sample that could not be produced (unreadable image, failing transform); names the image. */
public class DataLoadException extends RuntimeException {
    public DataLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
