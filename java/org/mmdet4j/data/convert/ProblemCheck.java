package org.mmdet4j.data.convert;

import java.util.List;
import org.mmdet4j.data.datasets.AnnotationProblem;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import org.mmdet4j.data.datasets.ProblemLog;

/** The converters' rule for invalid entries: an error naming the first, unless {@code --skip-invalid}. */
final class ProblemCheck {
    private ProblemCheck() {
    }

    static void finish(ProblemLog log, boolean skipInvalid) {
        if (skipInvalid || log.isEmpty()) {
            log.finish(true); // logs one warning with the count, so nothing is skipped silently
            return;
        }
        List<AnnotationProblem> problems = log.problems();
        int more = problems.size() - 1;
        // The parsers' own message points at the config key skip_invalid; here it is a flag.
        throw new InvalidAnnotationException(problems.get(0)
                + (more == 0 ? "" : " (and " + more + " more invalid entr" + (more == 1 ? "y" : "ies")
                + "; --skip-invalid leaves them out)"));
    }
}
