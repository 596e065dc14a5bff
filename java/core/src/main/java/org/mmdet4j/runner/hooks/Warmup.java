package org.mmdet4j.runner.hooks;

/**
 * mmcv's warmup rules: the factor applied to the regular learning rate at iteration
 * {@code cur} of {@code iters} warmup iterations, starting from {@code ratio}.
 */
public enum Warmup {
    /** {@code lr * ratio} throughout the warmup. */
    CONSTANT("constant"),
    /** {@code lr * (1 - (1 - cur/iters) * (1 - ratio))}: from {@code ratio * lr} up to {@code lr}. */
    LINEAR("linear"),
    /** {@code lr * ratio^(1 - cur/iters)}: geometric from {@code ratio * lr} up to {@code lr}. */
    EXP("exp");

    private final String label;

    Warmup(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public double factor(int cur, int iters, double ratio) {
        return switch (this) {
            case CONSTANT -> ratio;
            case LINEAR -> 1 - (1 - (double) cur / iters) * (1 - ratio);
            case EXP -> Math.pow(ratio, 1 - (double) cur / iters);
        };
    }

    /** {@code None} is null; otherwise one of constant, linear, exp. */
    public static Warmup parse(String s) {
        if (s == null) {
            return null;
        }
        for (Warmup w : values()) {
            if (w.label.equals(s)) {
                return w;
            }
        }
        throw new IllegalArgumentException("\"" + s + "\" is not a supported type for warming up; valid types are "
                + "\"constant\", \"linear\" and \"exp\"");
    }
}
