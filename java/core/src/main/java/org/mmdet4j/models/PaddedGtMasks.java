package org.mmdet4j.models;

import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.sample.InstanceMasks;

/**
 * A batch's ground-truth instance masks as the native detector takes them: one (G, H, W) uint8
 * 0/1 array in the padded batch frame (the H, W of the batch images), instances in the order of
 * the ground-truth boxes, image after image. Each image's masks are in its own padded frame
 * (after Pad) and go to the top-left, where Collate put its pixels; the rest stays 0.
 */
final class PaddedGtMasks {
    private PaddedGtMasks() {
    }

    /**
     * Rasterizes the masks of every image; {@code counts[i]} is image i's number of
     * ground-truth boxes, which its masks must match.
     *
     * @throws IllegalArgumentException when the batch has no masks for some image, an image has
     *                                  another number of masks than boxes, or a mask frame is
     *                                  larger than the batch frame
     */
    static byte[] rasterize(Batch b, long[] counts) {
        if (b.gtMasks.size() != b.n) {
            throw new IllegalArgumentException("the model has a mask head but the batch has masks for "
                    + b.gtMasks.size() + " of its " + b.n + " images: load them with LoadAnnotations(with_mask=True) "
                    + "and collect gt_masks (Collect keys)");
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        int plane = b.height * b.width;
        byte[] out = new byte[Math.toIntExact(Math.multiplyExact(total, (long) plane))];
        int at = 0;
        for (int i = 0; i < b.n; i++) {
            InstanceMasks masks = b.gtMasks.get(i);
            String image = b.metas.get(i).filename() != null ? b.metas.get(i).filename() : "image #" + i;
            if (masks.size() != counts[i]) {
                throw new IllegalArgumentException(image + ": " + masks.size() + " ground-truth masks for " + counts[i]
                        + " boxes");
            }
            if (masks.height() > b.height || masks.width() > b.width) {
                throw new IllegalArgumentException(image + ": mask frame " + masks.height() + "x" + masks.width()
                        + " is larger than the batch frame " + b.height + "x" + b.width);
            }
            for (int k = 0; k < masks.size(); k++, at++) {
                byte[] bitmap = masks.toBitmap(k);
                for (int y = 0; y < masks.height(); y++) {
                    System.arraycopy(bitmap, y * masks.width(), out, at * plane + y * b.width, masks.width());
                }
            }
        }
        return out;
    }
}
