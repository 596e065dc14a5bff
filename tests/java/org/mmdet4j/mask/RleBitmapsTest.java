package org.mmdet4j.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bitmaps to COCO RLE and back, in column-major and row-major order, whole or as a region. */
class RleBitmapsTest {
    /** A slab of width {@code stride} holding {@code rows} at its top-left, 1s elsewhere. */
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

    private static int[] regionCounts(int[][] rows, int stride, int slabRows) {
        return RleBitmaps.encodeRowMajor(embed(rows, stride, slabRows), 0, stride, rows.length, rows[0].length)
                .counts();
    }

    @Test
    void rowMajorEncodingTransposes() {
        // 2x3 image, row-major [[1, 0, 0], [1, 1, 0]] -> column-major 1 1 0 1 0 0
        Rle rle = RleBitmaps.encodeRowMajor(new byte[] {1, 0, 0, 1, 1, 0}, 2, 3);
        assertArrayEquals(new int[] {0, 2, 1, 1, 2}, rle.counts());
    }

    @Test
    void handCases() {
        // Columns top to bottom: 0 0 | 1 1 | 1 0  ->  runs 2 background, 3 object, 1 background.
        assertArrayEquals(new int[] {2, 3, 1}, regionCounts(new int[][] {{0, 1, 1}, {0, 1, 0}}, 5, 3));
        // A column ending in object followed by one starting with object at the top: one run.
        assertArrayEquals(new int[] {1, 2, 1}, regionCounts(new int[][] {{0, 1}, {1, 0}}, 4, 2));
        // Object first: an empty background run starts the counts.
        assertArrayEquals(new int[] {0, 1, 3}, regionCounts(new int[][] {{1, 0}, {0, 0}}, 3, 2));
        // Columns 0 0 1 | 0 1 0 over three rows.
        assertArrayEquals(new int[] {2, 1, 1, 1, 1}, regionCounts(new int[][] {{0, 0}, {0, 1}, {1, 0}}, 2, 3));
        // Empty and full.
        assertArrayEquals(new int[] {6}, regionCounts(new int[][] {{0, 0, 0}, {0, 0, 0}}, 4, 2));
        assertArrayEquals(new int[] {0, 6}, regionCounts(new int[][] {{1, 1, 1}, {1, 1, 1}}, 3, 2));
    }

    @Test
    void regionAtAnOffsetIsReadWithTheRowStride() {
        // Second slab of a (2, 3, 4) array: a 2x2 mask with the object on its diagonal.
        byte[] data = new byte[2 * 3 * 4];
        data[12] = 1;          // (y 0, x 0) of slab 1
        data[12 + 4 + 1] = 1;  // (y 1, x 1)
        data[12 + 2] = 1;      // (y 0, x 2): outside the 2x2 region
        Rle rle = RleBitmaps.encodeRowMajor(data, 12, 4, 2, 2);
        assertEquals(2, rle.height());
        assertEquals(2, rle.width());
        assertArrayEquals(new int[] {0, 1, 2, 1}, rle.counts());
    }

    @Test
    void rowMajorRegionsAgreeWithTheColumnMajorEncoderOnRandomMasks() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int h = 1 + rng.nextInt(9);
            int w = 1 + rng.nextInt(9);
            int stride = w + rng.nextInt(3);
            byte[] columns = new byte[h * w];
            byte[] slab = new byte[h * stride];
            // Sparse blobs and dense noise both.
            double p = trial % 2 == 0 ? 0.1 : 0.6;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (rng.nextDouble() < p ? 1 : 0);
                    columns[x * h + y] = v;
                    slab[y * stride + x] = v;
                }
            }
            Rle expected = RleBitmaps.encodeColumnMajor(columns, h, w);
            assertEquals(expected, RleBitmaps.encodeRowMajor(slab, 0, stride, h, w), "trial " + trial);
            if (stride == w) {
                assertEquals(expected, RleBitmaps.encodeRowMajor(slab, h, w), "trial " + trial);
                assertArrayEquals(slab, RleBitmaps.decodeRowMajor(expected), "trial " + trial);
            }
            assertArrayEquals(columns, RleBitmaps.decodeColumnMajor(expected), "trial " + trial);
        }
    }

    @Test
    void rowMajorDecodingFollowsTheColumns() {
        // 3x2 mask: 1 background, 3 object -> (row 1, col 0), (row 2, col 0), (row 0, col 1).
        assertArrayEquals(new byte[] {0, 1, 1, 0, 1, 0}, RleBitmaps.decodeRowMajor(new Rle(3, 2, new int[] {1, 3, 2})));
        // Runs that stop short leave the rest background, as the column-major decoder does.
        assertArrayEquals(new byte[] {0, 1, 0, 0, 0, 0}, RleBitmaps.decodeRowMajor(new Rle(3, 2, new int[] {3, 1})));
        assertArrayEquals(new byte[0], RleBitmaps.decodeRowMajor(new Rle(0, 4, new int[] {0, 0})));
    }

    @Test
    void aRegionOutsideTheArrayIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> RleBitmaps.encodeRowMajor(new byte[8], 4, 4, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> RleBitmaps.encodeRowMajor(new byte[8], 0, 2, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> RleBitmaps.encodeRowMajor(new byte[7], 2, 4));
    }

    @Test
    void runsBeyondTheMaskAreAnError() {
        Rle tooLong = new Rle(2, 2, new int[] {1, 4});
        assertThrows(IllegalArgumentException.class, () -> RleBitmaps.decodeRowMajor(tooLong));
        assertThrows(IllegalArgumentException.class, () -> RleBitmaps.decodeColumnMajor(tooLong));
    }
}
