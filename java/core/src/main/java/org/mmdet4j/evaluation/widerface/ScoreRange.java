package org.mmdet4j.evaluation.widerface;

import java.util.Collection;

/**
 * The official evaluation's score normalisation ({@code norm_score}): every score becomes
 * {@code (s - min) / (max - min)} over the whole prediction set, so that its 1000 thresholds
 * {@code 1 - t/1000} span the detector's range. {@code max} starts at 0 and {@code min} at 1,
 * so scores inside [0, 1] keep their extremes while, say, scores in [2, 3] map to [0.5, 1].
 * Equal extremes divide by zero: every score becomes NaN, passes no threshold, and every AP is
 * 0 (numpy only warns); {@link #degenerate()} tells.
 */
public record ScoreRange(double min, double max) {
    /** The range over {@code images}, seeded as the official scripts seed it. */
    public static ScoreRange of(Collection<WiderImagePredictions> images) {
        double max = 0, min = 1;
        for (WiderImagePredictions p : images) {
            int n = p.size();
            if (n == 0) {
                continue;
            }
            double lo = p.score(0), hi = p.score(0);
            for (int i = 1; i < n; i++) {
                lo = Math.min(lo, p.score(i));
                hi = Math.max(hi, p.score(i));
            }
            // Python's max(_max, max_score) / min(_min, min_score): the first argument unless the
            // second is strictly beyond it.
            max = max > hi ? max : hi;
            min = min < lo ? min : lo;
        }
        return new ScoreRange(min, max);
    }

    public double normalize(double score) {
        return (score - min) / (max - min);
    }

    /** True when the extremes are equal and normalising divides by zero. */
    public boolean degenerate() {
        return max - min == 0;
    }

    /** {@code p} with normalised scores. */
    WiderImagePredictions apply(WiderImagePredictions p) {
        double[] s = new double[p.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = normalize(p.score(i));
        }
        return p.withScores(s);
    }
}
