package org.mmdet4j.data.datasets;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the invalid entries found while parsing, and the images the parser left out because
 * of them: an image with an invalid annotation is left out whole (a box dropped from it would
 * make its object background). At the end, {@link #finish} either throws (naming the first
 * entry) or, with {@code skip_invalid}, lets the dataset count the left-out images as skipped
 * samples ({@link #droppedImages}) and logs the entries that belong to no image, so a bad file
 * is never skipped silently.
 */
public final class ProblemLog {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemLog.class);
    /** Entries listed one per line under skip_invalid; the rest are counted. */
    private static final int MAX_LISTED = 20;
    private final String file;
    private final List<AnnotationProblem> problems = new ArrayList<>();
    private final List<String> droppedImages = new ArrayList<>();
    /** Entries not tied to a left-out image (an annotation of an unknown image, a repeated id). */
    private final List<AnnotationProblem> others = new ArrayList<>();

    public ProblemLog(String file) {
        this.file = file;
    }

    /** An invalid entry whose image, if any, stays in the dataset. */
    public void add(String entry, String message) {
        AnnotationProblem p = new AnnotationProblem(file, entry, message);
        problems.add(p);
        others.add(p);
    }

    /**
     * Leaves out the image {@code imageEntry} when entries were added since {@code mark} (the
     * {@link #size} before its entries were parsed); returns whether it did. The image is
     * reported with its first invalid entry.
     */
    public boolean dropImageIfInvalidSince(int mark, String imageEntry) {
        if (problems.size() == mark) {
            return false;
        }
        AnnotationProblem first = problems.get(mark);
        // The image's entries are the last ones added to both lists.
        others.subList(others.size() - (problems.size() - mark), others.size()).clear();
        droppedImages.add(file + ": " + imageEntry + (first.entry().equals(imageEntry) ? "" : ": " + first.entry())
                + ": " + first.message());
        return true;
    }

    /** Moves the entries of another part of a concatenated dataset into this log. */
    public void absorb(ProblemLog part) {
        problems.addAll(part.problems);
        droppedImages.addAll(part.droppedImages);
        others.addAll(part.others);
    }

    /** Problems so far; a parser compares it before and after an image to see whether it had any. */
    public int size() {
        return problems.size();
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<AnnotationProblem> problems() {
        return List.copyOf(problems);
    }

    /** One line per left-out image: the file, the image and its first invalid entry. */
    public List<String> droppedImages() {
        return List.copyOf(droppedImages);
    }

    public void finish(boolean skipInvalid) {
        if (problems.isEmpty()) {
            return;
        }
        if (!skipInvalid) {
            throw new InvalidAnnotationException(problems);
        }
        for (int i = 0; i < Math.min(others.size(), MAX_LISTED); i++) {
            LOG.warn("skipping an invalid entry (skip_invalid=True): {}", others.get(i));
        }
        if (others.size() > MAX_LISTED) {
            LOG.warn("skipping {} more invalid entries of {}", others.size() - MAX_LISTED, file);
        }
    }
}
