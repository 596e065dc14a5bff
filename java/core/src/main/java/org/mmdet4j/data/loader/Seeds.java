package org.mmdet4j.data.loader;

import java.util.Random;

/**
 * Derives independent seeds from (seed, epoch, position) with SplitMix64's finalizer, so each
 * sample's random stream depends only on where it sits in the epoch, never on which thread or
 * in which order it is processed.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long derive(long seed, long a, long b) {
        return mix(mix(mix(seed) + a * 0x9e3779b97f4a7c15L) + b);
    }

    public static Random sampleRng(long seed, int epoch, int position) {
        return new Random(derive(seed, epoch, position));
    }

    public static Random samplerRng(long seed, int epoch) {
        return new Random(derive(seed ^ 0x5a5a5a5aL, epoch, -1));
    }

    /** Fisher-Yates shuffle of {@code a[from, to)} in place. */
    public static void shuffle(int[] a, int from, int to, Random rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
