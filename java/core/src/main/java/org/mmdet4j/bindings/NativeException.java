package org.mmdet4j.bindings;

import org.mmdet4j.Mmdet4jException;

/** A failure reported by the native core (a C++ exception), with the native message. */
public class NativeException extends Mmdet4jException {
    public NativeException(String message, Throwable cause) {
        super(message, cause);
    }
}
