package org.mmdet4j.models;

import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.mask.RleBitmaps;
import org.mmdet4j.tensor.NdArray;

/** The predicted masks of one image, (K, H, W) uint8 at its original size, as COCO RLEs. */
final class PredictedMasks {
    private PredictedMasks() {
    }

    /** One RLE of size H x W per mask of {@code masks} (K, H, W) uint8. */
    static Rle[] rles(NdArray masks) {
        long[] shape = masks.shape();
        if (shape.length != 3) {
            throw new IllegalStateException("native masks have " + shape.length + " dimensions, expected 3");
        }
        byte[] data = masks.bytes();
        int k = (int) shape[0];
        int height = (int) shape[1];
        int width = (int) shape[2];
        Rle[] rles = new Rle[k];
        for (int i = 0; i < k; i++) {
            rles[i] = RleBitmaps.encodeRowMajor(data, Math.multiplyExact(i, height * width), width, height, width);
        }
        return rles;
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
