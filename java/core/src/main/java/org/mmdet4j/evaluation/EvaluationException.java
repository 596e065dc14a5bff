package org.mmdet4j.evaluation;

import org.mmdet4j.Mmdet4jException;

/**
 * Bad evaluation input: a malformed file or an entry that cannot be evaluated. The message is
 * one line naming the file and the offending entry, fit for the command line.
 */
public class EvaluationException extends Mmdet4jException {
    public EvaluationException(String message) {
        super(message);
    }

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
