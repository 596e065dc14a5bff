package org.mmdet4j.data.loader;

import org.mmdet4j.Mmdet4jException;

/**
 * A failure surfaced in the consumer thread: a worker's exception (as the cause) or an
 * interrupt of the consumer while it waited (cause {@link InterruptedException}; the thread's
 * interrupt flag is set again).
 */
public class DataLoaderException extends Mmdet4jException {
    public DataLoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
