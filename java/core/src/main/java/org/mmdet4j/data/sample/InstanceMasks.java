package org.mmdet4j.data.sample;

/**
 * Per-instance masks that follow the geometric transforms, like mmdetection's
 * {@code BaseInstanceMasks}. Every operation returns a new object; none changes this one.
 */
public interface InstanceMasks {
    int size();

    int height();

    int width();

    /** Scale to exactly (outHeight, outWidth), as {@code resize}. */
    InstanceMasks resize(int outHeight, int outWidth);

    /** Mirror inside the current (height, width), the same frame as the boxes. */
    InstanceMasks flip(FlipDirection direction);

    /** Grow the canvas to (outHeight, outWidth) at the bottom and right. */
    InstanceMasks pad(int outHeight, int outWidth);

    /** Keep the region [x1, x2) x [y1, y2) (integer pixel box) as the new frame. */
    InstanceMasks crop(int x1, int y1, int x2, int y2);

    /** Place the masks at (top, left) of a larger (outHeight, outWidth) canvas. */
    InstanceMasks expand(int outHeight, int outWidth, int top, int left);

    /** Keep the instances at the given indices, in that order. */
    InstanceMasks select(int[] indices);

    /** One byte (0/1) per pixel, row-major, for instance {@code i}. */
    byte[] toBitmap(int i);

    /** Tight box (x1, y1, x2, y2) around each instance, 4 values per instance. */
    float[] boundingBoxes();
}
