package org.mmdet4j;

/**
 * The base of every exception mmdet4j throws for a reason of its own: a bad config
 * ({@code ConfigException}), unreadable data ({@code DataLoadException}, {@code ImageReadException},
 * {@code InvalidAnnotationException}, {@code DataLoaderException}), an evaluation that cannot run
 * ({@code EvaluationException}), an error in the native core ({@code NativeException}), a file that
 * could not be written ({@code FileWriteException}), a training run stopped ({@code
 * TrainingStoppedException}). A service catches this one type to tell them from its own failures;
 * the message always says what and, for files, where. Unchecked, like the JDK's own runtime
 * failures: none of them is something a caller can retry its way out of.
 */
public class Mmdet4jException extends RuntimeException {
    public Mmdet4jException(String message) {
        super(message);
    }

    public Mmdet4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
