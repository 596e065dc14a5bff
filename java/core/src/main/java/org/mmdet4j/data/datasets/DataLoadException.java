package org.mmdet4j.data.datasets;

import org.mmdet4j.Mmdet4jException;

/** A sample that could not be produced (unreadable image, failing transform); names the image. */
public class DataLoadException extends Mmdet4jException {
    public DataLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
