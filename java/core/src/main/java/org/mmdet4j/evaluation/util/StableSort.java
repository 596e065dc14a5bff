package org.mmdet4j.evaluation.util;

/**
 * Stable index sorts that reproduce numpy's {@code argsort(..., kind='mergesort')}: equal keys
 * keep their input order, and keys are compared with {@code <}/{@code >} so that {@code -0.0}
 * equals {@code 0.0} (unlike {@link Double#compare}). Inputs must not contain NaN.
 */
public final class StableSort {
    private static final int INSERTION_LIMIT = 24;

    private StableSort() {
    }

    /** Sorts {@code idx[from, to)} by {@code key[idx]} descending, stably. */
    public static void byKeyDescending(int[] idx, int from, int to, double[] key) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        if (n <= INSERTION_LIMIT) {
            insertion(idx, from, to, key);
            return;
        }
        int[] tmp = new int[n];
        mergeSort(idx, from, to, key, tmp);
    }

    public static void byKeyDescending(int[] idx, double[] key) {
        byKeyDescending(idx, 0, idx.length, key);
    }

    private static void insertion(int[] idx, int from, int to, double[] key) {
        for (int i = from + 1; i < to; i++) {
            int v = idx[i];
            double kv = key[v];
            int j = i - 1;
            while (j >= from && key[idx[j]] < kv) {
                idx[j + 1] = idx[j];
                j--;
            }
            idx[j + 1] = v;
        }
    }

    private static void mergeSort(int[] idx, int from, int to, double[] key, int[] tmp) {
        if (to - from <= INSERTION_LIMIT) {
            insertion(idx, from, to, key);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(idx, from, mid, key, tmp);
        mergeSort(idx, mid, to, key, tmp);
        if (!(key[idx[mid - 1]] < key[idx[mid]])) {
            return; // already in order
        }
        int n = mid - from;
        System.arraycopy(idx, from, tmp, 0, n);
        int i = 0, j = mid, k = from;
        while (i < n && j < to) {
            // Take from the right run only when strictly greater: that keeps ties stable.
            if (key[idx[j]] > key[tmp[i]]) {
                idx[k++] = idx[j++];
            } else {
                idx[k++] = tmp[i++];
            }
        }
        while (i < n) {
            idx[k++] = tmp[i++];
        }
    }
}
