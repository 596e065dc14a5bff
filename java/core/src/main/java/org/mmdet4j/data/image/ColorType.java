package org.mmdet4j.data.image;

import java.util.Locale;

/** The {@code color_type} of {@code mmcv.imread}: what the decoded array holds. */
public enum ColorType {
    /** Three channels, BGR; grey images are replicated, alpha is dropped (cv2.IMREAD_COLOR). */
    COLOR,
    /** One channel (cv2.IMREAD_GRAYSCALE). */
    GRAYSCALE,
    /** The file's own channels: 1 (grey), 3 (BGR) or 4 (BGRA) (cv2.IMREAD_UNCHANGED, 8-bit). */
    UNCHANGED;

    public static ColorType parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "color_type must be 'color', 'grayscale' or 'unchanged', got '" + name + "'");
        }
    }
}
