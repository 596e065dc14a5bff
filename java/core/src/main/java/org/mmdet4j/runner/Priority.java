package org.mmdet4j.runner;

/**
 * mmcv's hook priorities; a lower value runs earlier, equal values keep registration order.
 * mmdetection registers LR updater VERY_HIGH, optimizer ABOVE_NORMAL, checkpoint NORMAL,
 * timer and evaluation LOW, loggers VERY_LOW.
 */
public final class Priority {
    private Priority() {
    }

    public static final int HIGHEST = 0;
    public static final int VERY_HIGH = 10;
    public static final int HIGH = 30;
    public static final int ABOVE_NORMAL = 40;
    public static final int NORMAL = 50;
    public static final int BELOW_NORMAL = 60;
    public static final int LOW = 70;
    public static final int VERY_LOW = 90;
    public static final int LOWEST = 100;

    /** A priority given as mmcv's name ({@code "LOW"}) or a number from 0 to 100. */
    public static int parse(Object value) {
        if (value instanceof Number n) {
            int p = n.intValue();
            if (p < 0 || p > 100) {
                throw new IllegalArgumentException("priority must be within 0..100, got " + p);
            }
            return p;
        }
        return switch (String.valueOf(value).toUpperCase(java.util.Locale.ROOT)) {
            case "HIGHEST" -> HIGHEST;
            case "VERY_HIGH" -> VERY_HIGH;
            case "HIGH" -> HIGH;
            case "ABOVE_NORMAL" -> ABOVE_NORMAL;
            case "NORMAL" -> NORMAL;
            case "BELOW_NORMAL" -> BELOW_NORMAL;
            case "LOW" -> LOW;
            case "VERY_LOW" -> VERY_LOW;
            case "LOWEST" -> LOWEST;
            default -> throw new IllegalArgumentException("unknown priority '" + value
                    + "'; use HIGHEST, VERY_HIGH, HIGH, ABOVE_NORMAL, NORMAL, BELOW_NORMAL, LOW, VERY_LOW, LOWEST or 0..100");
        };
    }
}
