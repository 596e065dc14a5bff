package org.mmdet4j.bindings;

/** A failure reported by the native core (a C++ exception), with the native message. */
public class NativeException extends RuntimeException {
    public NativeException(String message, Throwable cause) {
        super(message, cause);
    }
}
