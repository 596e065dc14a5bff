package org.mmdet4j.data.datasets;

import org.mmdet4j.Mmdet4jException;

import java.util.List;

/**
 * Annotation files with invalid entries and {@code skip_invalid=False}. The message names the
 * file and the first bad entry, and says how many more there are.
 */
public class InvalidAnnotationException extends Mmdet4jException {
    private final transient List<AnnotationProblem> problems;

    public InvalidAnnotationException(List<AnnotationProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidAnnotationException(String message) {
        super(message);
        this.problems = List.of();
    }

    public List<AnnotationProblem> problems() {
        return problems;
    }

    private static String message(List<AnnotationProblem> problems) {
        String first = problems.get(0).toString();
        int more = problems.size() - 1;
        return more == 0 ? first
                : first + " (and " + more + " more invalid entr" + (more == 1 ? "y" : "ies")
                        + "; set skip_invalid=True to skip them)";
    }
}
