package org.mmdet4j.data.sample;

import java.util.Locale;

/** The flip directions of mmdetection's {@code RandomFlip}. */
public enum FlipDirection {
    HORIZONTAL, VERTICAL, DIAGONAL;

    public static FlipDirection parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "flip direction must be 'horizontal', 'vertical' or 'diagonal', got '" + name + "'");
        }
    }

    /** The name mmdetection writes into {@code img_metas['flip_direction']}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean flipsX() {
        return this != VERTICAL;
    }

    public boolean flipsY() {
        return this != HORIZONTAL;
    }
}
