package org.mmdet4j.runner.hooks;

import java.util.List;

/**
 * A learning-rate schedule: the regular (post-warmup) rate for a group whose initial rate is
 * {@code baseLr}, at {@code progress} of {@code maxProgress} (epochs or iterations, counted
 * from 0). The formulas are mmcv's {@code *LrUpdaterHook.get_lr}.
 */
@FunctionalInterface
public interface LrPolicy {
    double lr(double baseLr, int progress, int maxProgress);

    /** {@code fixed}: the base rate. */
    static LrPolicy fixed() {
        return (base, p, max) -> base;
    }

    /**
     * {@code step}: {@code base * gamma^k}, where k is {@code progress / step} for a single step, or
     * the number of listed steps {@code <= progress}; never below {@code minLr} when given.
     */
    static LrPolicy step(List<Integer> steps, double gamma, Double minLr) {
        for (int s : steps) {
            if (s <= 0) {
                throw new IllegalArgumentException("LR steps must be positive, got " + steps);
            }
        }
        return (base, p, max) -> {
            int k;
            if (steps.size() == 1 && isInterval(steps)) {
                k = p / steps.get(0);
            } else {
                k = steps.size();
                for (int i = 0; i < steps.size(); i++) {
                    if (p < steps.get(i)) {
                        k = i;
                        break;
                    }
                }
            }
            double lr = base * Math.pow(gamma, k);
            return minLr == null ? lr : Math.max(lr, minLr);
        };
    }

    /** Marker list type: a single int {@code step=3} (an interval), not {@code step=[3]}. */
    final class Interval extends java.util.AbstractList<Integer> {
        private final int step;

        public Interval(int step) {
            this.step = step;
        }

        @Override
        public Integer get(int index) {
            if (index != 0) {
                throw new IndexOutOfBoundsException(index);
            }
            return step;
        }

        @Override
        public int size() {
            return 1;
        }
    }

    private static boolean isInterval(List<Integer> steps) {
        return steps instanceof Interval;
    }

    /** {@code exp}: {@code base * gamma^progress}. */
    static LrPolicy exp(double gamma) {
        return (base, p, max) -> base * Math.pow(gamma, p);
    }

    /** {@code poly}: {@code (base - minLr) * (1 - progress/max)^power + minLr}. */
    static LrPolicy poly(double power, double minLr) {
        return (base, p, max) -> (base - minLr) * Math.pow(1 - (double) p / max, power) + minLr;
    }

    /** {@code inv}: {@code base * (1 + gamma * progress)^(-power)}. */
    static LrPolicy inv(double gamma, double power) {
        return (base, p, max) -> base * Math.pow(1 + gamma * p, -power);
    }

    /**
     * Cosine annealing (seed §4): {@code target + 0.5 * (base - target) * (1 + cos(pi * progress/max))};
     * the target is {@code targetLr}, or {@code base * targetRatio} when {@code targetRatio} is given.
     */
    static LrPolicy cosine(double targetLr, Double targetRatio) {
        return (base, p, max) -> {
            double target = targetRatio != null ? base * targetRatio : targetLr;
            return target + 0.5 * (base - target) * (1 + Math.cos(Math.PI * ((double) p / max)));
        };
    }
}
