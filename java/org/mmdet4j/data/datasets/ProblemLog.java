package org.mmdet4j.data.datasets;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the invalid entries found while parsing. At the end, {@link #finish} either throws
 * (naming the first entry) or, with {@code skip_invalid}, logs one warning with the count and
 * the first few entries, so a bad file is never skipped silently.
 */
public final class ProblemLog {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemLog.class);
    private final String file;
    private final List<AnnotationProblem> problems = new ArrayList<>();

    public ProblemLog(String file) {
        this.file = file;
    }

    public void add(String entry, String message) {
        problems.add(new AnnotationProblem(file, entry, message));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<AnnotationProblem> problems() {
        return List.copyOf(problems);
    }

    public void finish(boolean skipInvalid) {
        if (problems.isEmpty()) {
            return;
        }
        if (!skipInvalid) {
            throw new InvalidAnnotationException(problems);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("skipped ").append(problems.size()).append(" invalid entr")
                .append(problems.size() == 1 ? "y" : "ies").append(" in ").append(file).append(':');
        for (int i = 0; i < Math.min(3, problems.size()); i++) {
            sb.append("\n  ").append(problems.get(i).entry()).append(": ").append(problems.get(i).message());
        }
        if (problems.size() > 3) {
            sb.append("\n  ...");
        }
        LOG.warn(sb.toString());
    }
}
