package org.mmdet4j.data.datasets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The samples a dataset skipped under {@code skip_invalid}: images left out at parse time for an
 * invalid annotation, and images found unreadable when loaded. Safe to share between worker
 * threads. Each sample is logged once, with the file and the reason, when it is first skipped
 * (not again in later epochs); when more than {@code max_skip_ratio} of the dataset's images
 * have been skipped, the next skip fails instead, naming the count: a dataset that is mostly
 * unreadable is a wrong path or a broken copy, not a few bad files.
 */
public final class SkipCounter {
    private static final Logger LOG = LoggerFactory.getLogger(SkipCounter.class);
    private final String source;
    private final int images;
    private final double maxRatio;
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param images   the images of the annotation file(s), the base of the ratio
     * @param maxRatio the largest fraction of them that may be skipped
     */
    SkipCounter(String source, int images, double maxRatio) {
        this.source = source;
        this.images = images;
        this.maxRatio = maxRatio;
    }

    /**
     * Records a skipped sample once per {@code key}.
     *
     * @throws DataLoadException when this skip takes the count above the ratio
     */
    void skipped(String key, String description) {
        if (!keys.add(key)) {
            return;
        }
        skipped.add(description);
        LOG.warn("skipping a sample (skip_invalid=True): {}", description);
        int n = keys.size();
        if (n > maxRatio * images) {
            throw new DataLoadException(source + ": " + n + " of " + images + " images skipped as invalid, more than "
                    + "max_skip_ratio=" + maxRatio + " allows (the latest: " + description + ")", null);
        }
    }

    public int count() {
        return keys.size();
    }

    /** What was skipped, in the order it happened: the file and the reason of each sample. */
    public List<String> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** Logs the number of skipped samples so far, if any. */
    public void report(String what) {
        int n = count();
        if (n > 0) {
            LOG.warn("{}: {} sample{} skipped as invalid so far", what, n, n == 1 ? "" : "s");
        }
    }
}
