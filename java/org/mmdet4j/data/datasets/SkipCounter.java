package org.mmdet4j.data.datasets;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts samples skipped at load time under {@code skip_invalid}. Safe to share between worker
 * threads. The first skip is logged at once with its reason; later ones only count, and
 * {@link #report} logs the total, so a bad file shows up once, not once per epoch per worker.
 */
public final class SkipCounter {
    private static final Logger LOG = LoggerFactory.getLogger(SkipCounter.class);
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<String> first = new AtomicReference<>();

    void skipped(String reason) {
        count.incrementAndGet();
        if (first.compareAndSet(null, reason)) {
            LOG.warn("skipping a sample (skip_invalid=True): {}", reason);
        }
    }

    public int count() {
        return count.get();
    }

    public String first() {
        return first.get();
    }

    /** Logs the number of skipped samples so far, if any. */
    public void report(String what) {
        int n = count.get();
        if (n > 0) {
            LOG.warn("{}: skipped {} sample{} with unreadable data (first: {})", what, n, n == 1 ? "" : "s", first.get());
        }
    }
}
