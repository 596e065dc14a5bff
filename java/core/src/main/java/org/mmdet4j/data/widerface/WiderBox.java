package org.mmdet4j.data.widerface;

/**
 * One face of a WIDER FACE box file ({@code wider_face_*_bbx_gt.txt}): the box {@code x, y, w, h}
 * in whole pixels ({@code x, y} its top-left corner) and the attribute flags in the file's column
 * order: {@code blur} 0 clear, 1 normal, 2 heavy; {@code expression} 0 typical, 1 exaggerated;
 * {@code illumination} 0 normal, 1 extreme; {@code invalid} 0 or 1; {@code occlusion} 0 none,
 * 1 partial, 2 heavy; {@code pose} 0 typical, 1 atypical. The flags are carried, not checked:
 * the evaluation never reads them.
 */
public record WiderBox(int x, int y, int w, int h, int blur, int expression, int illumination, int invalid,
                       int occlusion, int pose) {
    /** Values per line of the box file. */
    public static final int FIELDS = 10;

    public WiderBox {
        if (x < 0 || y < 0) {
            throw new IllegalArgumentException("negative coordinate (x=" + x + ", y=" + y + ")");
        }
        if (w < 0 || h < 0) {
            throw new IllegalArgumentException("negative width/height (w=" + w + ", h=" + h + ")");
        }
    }

    /** A box with every attribute flag 0 (what the {@code .mat} ground truth gives). */
    public static WiderBox of(int x, int y, int w, int h) {
        return new WiderBox(x, y, w, h, 0, 0, 0, 0, 0, 0);
    }

    /** The ten values of the box file's line, in column order. */
    int[] fields() {
        return new int[] {x, y, w, h, blur, expression, illumination, invalid, occlusion, pose};
    }
}
