package org.mmdet4j.models;

import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.mask.RleBitmaps;
import org.mmdet4j.tensor.NdArray;

/**
 * The masks of {@code predictWithMasks}: (K, Hmax, Wmax) uint8, detection k's mask pasted at the
 * top-left, in its image's original size. Each becomes a COCO RLE of exactly that size.
 */
final class PredictedMasks {
    private final byte[] data;
    private final int rows;
    private final int height;
    private final int width;
    private final int[][] originalSizes;

    PredictedMasks(NdArray masks, int[][] originalSizes) {
        long[] shape = masks.shape();
        if (shape.length != 3) {
            throw new IllegalStateException("native masks have " + shape.length + " dimensions, expected 3");
        }
        this.data = masks.bytes();
        this.rows = (int) shape[0];
        this.height = (int) shape[1];
        this.width = (int) shape[2];
        this.originalSizes = originalSizes;
    }

    /** The mask of detection {@code row}, which belongs to batch image {@code image}. */
    Rle rle(int row, int image) {
        if (row >= rows) {
            throw new IllegalStateException("native prediction returned " + rows + " masks for more detections");
        }
        int h = originalSizes[image][0];
        int w = originalSizes[image][1];
        if (h > height || w > width) {
            throw new IllegalStateException("native masks are " + height + "x" + width + ", smaller than image "
                    + image + "'s original size " + h + "x" + w);
        }
        return RleBitmaps.encodeRowMajor(data, Math.multiplyExact(row, height * width), width, h, w);
    }

    /** (h, w) per batch image from its {@code ori_shape} meta, which mask pasting needs. */
    static int[][] originalSizes(Batch batch) {
        int[][] sizes = new int[batch.n][];
        for (int i = 0; i < batch.n; i++) {
            int[] ori = batch.metas.get(i).oriShape();
            if (ori == null) {
                throw new IllegalArgumentException("image " + i + " of the batch has no ori_shape meta, which "
                        + "mask prediction needs: keep it in Collect's meta_keys");
            }
            sizes[i] = new int[] {ori[0], ori[1]};
        }
        return sizes;
    }
}
