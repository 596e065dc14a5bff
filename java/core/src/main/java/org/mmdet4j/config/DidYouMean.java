package org.mmdet4j.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Closest-name suggestions for misspelled keys, types and registry names
 * ({@code did you mean 'FPN'?}).
 *
 * <p>Distance is the optimal-string-alignment edit distance (Levenshtein plus adjacent
 * transposition, so {@code FNP -> FPN} costs 1), compared case-insensitively. A candidate counts
 * as close when its distance is at most a third of the longer name, at least 1 and at most 3:
 * short names tolerate one typo, long names a few, and unrelated names are never proposed.
 */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** Up to three candidates close to {@code name}, closest first, ties in candidate order. */
    public static List<String> closest(String name, Collection<String> candidates) {
        record Scored(String name, int distance, int order) {
        }
        List<Scored> scored = new ArrayList<>();
        String lower = name.toLowerCase(Locale.ROOT);
        int order = 0;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            int allowed = Math.max(1, Math.min(3, Math.max(name.length(), candidate.length()) / 3));
            if (distance <= allowed) {
                scored.add(new Scored(candidate, distance, order));
            }
            order++;
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparingInt(Scored::order));
        List<String> result = new ArrayList<>();
        for (int i = 0; i < Math.min(3, scored.size()); i++) {
            result.add(scored.get(i).name());
        }
        return result;
    }

    /**
     * The suffix to append to an error message: {@code "; did you mean 'FPN'?"}, or
     * {@code "; did you mean 'a' or 'b'?"}, or an empty string when nothing is close.
     */
    public static String hint(String name, Collection<String> candidates) {
        List<String> close = closest(name, candidates);
        if (close.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("; did you mean ");
        for (int i = 0; i < close.size(); i++) {
            if (i > 0) {
                sb.append(i == close.size() - 1 ? " or " : ", ");
            }
            sb.append('\'').append(close.get(i)).append('\'');
        }
        return sb.append('?').toString();
    }

    /** Optimal string alignment distance between two strings. */
    static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[n][m];
    }
}
