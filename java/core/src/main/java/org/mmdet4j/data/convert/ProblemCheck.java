package org.mmdet4j.data.convert;

import java.util.List;
import org.mmdet4j.data.datasets.AnnotationProblem;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import org.mmdet4j.data.datasets.ProblemLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The converters' rule for invalid entries: an error naming the first, unless
 * {@code --skip-invalid}, which leaves out each image with an invalid entry, with a warning.
 */
final class ProblemCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemCheck.class);
    private ProblemCheck() {
    }

    static void finish(ProblemLog log, boolean skipInvalid) {
        if (skipInvalid || log.isEmpty()) {
            log.finish(true); // warns about the entries that belong to no image
            for (String image : log.droppedImages()) {
                LOG.warn("leaving out (--skip-invalid): {}", image);
            }
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
