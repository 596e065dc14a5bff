package org.mmdet4j.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** COCO RLE of a mask that sits in a larger row-major array. */
class RleRegionEncoderTest {
    /** A 2-row slab of width {@code stride} holding {@code rows} at its top-left, 1s elsewhere. */
    private static byte[] embed(int[][] rows, int stride, int slabRows) {
        byte[] data = new byte[stride * slabRows];
        java.util.Arrays.fill(data, (byte) 1);  // outside the region: must not leak into the RLE
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length; x++) {
                data[y * stride + x] = (byte) rows[y][x];
            }
        }
        return data;
    }

    @Test
    void handCases() {
        // Columns top to bottom: 0 0 | 1 1 | 1 0  ->  runs 2 background, 3 object, 1 background.
        assertArrayEquals(new int[] {2, 3, 1},
                RleRegionEncoder.encode(embed(new int[][] {{0, 1, 1}, {0, 1, 0}}, 5, 3), 0, 5, 2, 3).counts());
        // A column ending in object followed by one starting with object at the top: one run.
        assertArrayEquals(new int[] {1, 2, 1},
                RleRegionEncoder.encode(embed(new int[][] {{0, 1}, {1, 0}}, 4, 2), 0, 4, 2, 2).counts());
        // Object first: an empty background run starts the counts.
        assertArrayEquals(new int[] {0, 1, 3},
                RleRegionEncoder.encode(embed(new int[][] {{1, 0}, {0, 0}}, 3, 2), 0, 3, 2, 2).counts());
        // Columns 0 0 1 | 0 1 0 over three rows.
        assertArrayEquals(new int[] {2, 1, 1, 1, 1},
                RleRegionEncoder.encode(embed(new int[][] {{0, 0}, {0, 1}, {1, 0}}, 2, 3), 0, 2, 3, 2).counts());
        // Empty and full.
        assertArrayEquals(new int[] {6},
                RleRegionEncoder.encode(embed(new int[][] {{0, 0, 0}, {0, 0, 0}}, 4, 2), 0, 4, 2, 3).counts());
        assertArrayEquals(new int[] {0, 6},
                RleRegionEncoder.encode(embed(new int[][] {{1, 1, 1}, {1, 1, 1}}, 3, 2), 0, 3, 2, 3).counts());
    }

    @Test
    void regionAtAnOffsetIsReadWithTheRowStride() {
        // Second slab of a (2, 3, 4) array: a 2x2 mask with the object on its diagonal.
        byte[] data = new byte[2 * 3 * 4];
        data[12] = 1;          // (y 0, x 0) of slab 1
        data[12 + 4 + 1] = 1;  // (y 1, x 1)
        data[12 + 2] = 1;      // (y 0, x 2): outside the 2x2 region
        Rle rle = RleRegionEncoder.encode(data, 12, 4, 2, 2);
        assertEquals(2, rle.height());
        assertEquals(2, rle.width());
        assertArrayEquals(new int[] {0, 1, 2, 1}, rle.counts());
    }

    @Test
    void agreesWithTheWholeMaskEncoderOnRandomMasks() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int h = 1 + rng.nextInt(9);
            int w = 1 + rng.nextInt(9);
            int stride = w + rng.nextInt(3);
            byte[] mask = new byte[h * w];
            byte[] slab = new byte[h * stride];
            // Sparse blobs and dense noise both.
            double p = trial % 2 == 0 ? 0.1 : 0.6;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (rng.nextDouble() < p ? 1 : 0);
                    mask[y * w + x] = v;
                    slab[y * stride + x] = v;
                }
            }
            assertEquals(RleOps.encodeRowMajor(mask, h, w), RleRegionEncoder.encode(slab, 0, stride, h, w),
                    "trial " + trial);
        }
    }

    @Test
    void aRegionOutsideTheArrayIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> RleRegionEncoder.encode(new byte[8], 4, 4, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> RleRegionEncoder.encode(new byte[8], 0, 2, 2, 4));
    }
}
