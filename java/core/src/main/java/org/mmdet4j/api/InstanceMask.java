package org.mmdet4j.api;

import org.mmdet4j.mask.Rle;
import org.mmdet4j.mask.RleBitmaps;
import org.mmdet4j.mask.RleCodec;

/**
 * The pixels of one detected object: a binary mask of the original image's size. It is held as
 * COCO run-length encoding (a few hundred bytes where the bitmap would take megabytes) and
 * decoded on request.
 */
public final class InstanceMask {
    private final Rle rle;

    InstanceMask(Rle rle) {
        this.rle = rle;
    }

    /** Image height in pixels. */
    public int height() {
        return rle.height();
    }

    /** Image width in pixels. */
    public int width() {
        return rle.width();
    }

    /** Number of object pixels. */
    public long area() {
        return rle.area();
    }

    /** Whether pixel (x, y) belongs to the object. */
    public boolean contains(int x, int y) {
        if (x < 0 || y < 0 || x >= width() || y >= height()) {
            return false;
        }
        // COCO runs go down the columns: pixel (x, y) is the (x * height + y)-th.
        long index = (long) x * height() + y;
        long start = 0;
        int[] counts = rle.counts();
        for (int j = 0; j < counts.length; j++) {
            start += counts[j];
            if (index < start) {
                return j % 2 == 1;
            }
        }
        return false;
    }

    /** The mask as one byte per pixel (1 object, 0 background), row by row. */
    public byte[] toBitmap() {
        return RleBitmaps.decodeRowMajor(rle);
    }

    /** The compressed COCO RLE string: the {@code counts} of {@code {"size": [h, w], "counts": ...}}. */
    public String cocoCounts() {
        return RleCodec.encode(rle);
    }
}
