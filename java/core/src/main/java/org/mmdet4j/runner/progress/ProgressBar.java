package org.mmdet4j.runner.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long task with rate and ETA. On a terminal it redraws one line in place
 * ({@code [>>>>>     ] 120/500, 8.3 task/s, elapsed: 14s, ETA: 46s}); otherwise, as in CI
 * logs, it prints a plain line at most every {@code plainEverySeconds} seconds and at the end,
 * so logs stay short and readable.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final long total;
    private final String label;
    private final PrintStream out;
    private final boolean terminal;
    private final double plainEverySeconds;
    private final long start = System.nanoTime();
    private long done;
    private long lastPrint = Long.MIN_VALUE;
    private boolean finished;

    /** A bar on {@code out}, drawn in place when standard output is a terminal. */
    public ProgressBar(long total, String label, PrintStream out) {
        this(total, label, out, out == System.out && System.console() != null, 10);
    }

    public ProgressBar(long total, String label, PrintStream out, boolean terminal, double plainEverySeconds) {
        this.total = total;
        this.label = label;
        this.out = out;
        this.terminal = terminal;
        this.plainEverySeconds = plainEverySeconds;
    }

    /** Adds {@code n} finished tasks. */
    public void update(long n) {
        done += n;
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastPrint >= 100_000_000L || done >= total) {
                out.print("\r" + line(now));
                out.flush();
                lastPrint = now;
            }
        } else if (lastPrint == Long.MIN_VALUE ? now - start >= plainEverySeconds * 1e9
                : now - lastPrint >= plainEverySeconds * 1e9) {
            out.println(line(now));
            lastPrint = now;
        }
    }

    /** Ends the bar: a final line (and a newline on a terminal). */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        long now = System.nanoTime();
        if (terminal) {
            out.print("\r" + line(now) + "\n");
        } else {
            out.println(line(now));
        }
        out.flush();
    }

    /** The text of the bar at time {@code now}; package-visible for tests. */
    String line(long now) {
        double elapsed = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / elapsed;
        StringBuilder s = new StringBuilder();
        if (!label.isEmpty()) {
            s.append(label).append(": ");
        }
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            s.append('[').append(">".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ");
            s.append(done).append('/').append(total);
        } else {
            s.append(done).append(" done");
        }
        s.append(String.format(Locale.ROOT, ", %.1f task/s, elapsed: %ds", rate, Math.round(elapsed)));
        if (total > 0 && done > 0) {
            s.append(String.format(Locale.ROOT, ", ETA: %ds", Math.round((total - done) / rate)));
        }
        return s.toString();
    }
}
