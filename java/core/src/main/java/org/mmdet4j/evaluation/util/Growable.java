package org.mmdet4j.evaluation.util;

import java.util.Arrays;

/** Append-only primitive arrays for the JSON readers (a results file can hold millions of values). */
public final class Growable {
    private Growable() {
    }

    public static final class Longs {
        private long[] a = new long[64];
        private int n;

        public void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        public int size() {
            return n;
        }

        public void addAll(Longs other) {
            if (n + other.n > a.length) {
                a = Arrays.copyOf(a, Math.max(n + other.n, a.length * 2));
            }
            System.arraycopy(other.a, 0, a, n, other.n);
            n += other.n;
        }

        public long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    public static final class Doubles {
        private double[] a = new double[64];
        private int n;

        public void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        public void add(double[] v) {
            for (double x : v) {
                add(x);
            }
        }

        public void addAll(Doubles other) {
            if (n + other.n > a.length) {
                a = Arrays.copyOf(a, Math.max(n + other.n, a.length * 2));
            }
            System.arraycopy(other.a, 0, a, n, other.n);
            n += other.n;
        }

        public int size() {
            return n;
        }

        public double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    public static final class Ints {
        private int[] a = new int[64];
        private int n;

        public void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        public int size() {
            return n;
        }

        public int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
