package org.mmdet4j.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Compressed RLE strings; expected strings were produced by pycocotools 2.0.11. */
class RleCodecTest {
    @Test
    void encodesUncompressedCountsLikePycocotools() {
        // mask.frPyObjects({'size': [10, 10], 'counts': [5, 10, 85]}, 10, 10)
        assertEquals("5:e2", RleCodec.encode(new Rle(10, 10, new int[] {5, 10, 85})));
    }

    @Test
    void decodesGroupsAndDeltas() {
        // 5-bit groups with a continuation bit, '0' (48) offset; from the 4th count on, deltas
        // against the count two back. "325O": 3, 2, 5, then -1 + 2 = 1. "T3": 4 + (3 << 5) = 100.
        assertArrayEquals(new int[] {3, 2, 5, 1}, RleCodec.decode("325O", 11, 1).counts());
        assertArrayEquals(new int[] {100}, RleCodec.decode("T3", 10, 10).counts());
    }

    @Test
    void roundTripsLargeCountsAndNegativeDifferences() {
        // mask.encode of a 300x400 mask: columns 0..199 set, plus rows 10..19 of columns 250..259
        String s = "0Pcj1Re>Z]UNPdA00000000000000000VPY1";
        Rle rle = RleCodec.decode(s, 300, 400);
        assertEquals(0, rle.counts()[0]); // the mask starts with foreground
        assertEquals(60100, rle.area());
        assertEquals(300 * 400, rle.total());
        assertEquals(s, RleCodec.encode(rle));
        byte[] m = RleBitmaps.decodeColumnMajor(rle);
        assertEquals(1, m[199 * 300 + 299]);
        assertEquals(0, m[200 * 300]);
        assertEquals(1, m[250 * 300 + 10]);
        assertEquals(rle, RleBitmaps.encodeColumnMajor(m, 300, 400));
    }

    @Test
    void decodedSumsAreThoseOfTheRuns() {
        Rle rle = RleCodec.decode("5:e2", 10, 10);
        Rle same = new Rle(10, 10, rle.counts().clone());
        assertArrayEquals(new int[] {5, 10, 85}, rle.counts());
        assertEquals(10, rle.area());
        assertEquals(100, rle.total());
        assertEquals(same.area(), rle.area());
        assertEquals(same.total(), rle.total());
    }

    @Test
    void rejectsTruncatedStringsAndNegativeRuns() {
        // 'P' (32) sets the continuation bit and nothing follows.
        assertThrows(IllegalArgumentException.class, () -> RleCodec.decode("5P", 10, 10));
        // 'O' is 31: the sign bit set, so the second run decodes to -1.
        assertThrows(IllegalArgumentException.class, () -> RleCodec.decode("0O", 10, 10));
    }

    @Test
    void rejectsCharactersOutsideTheAlphabet() {
        assertThrows(IllegalArgumentException.class, () -> RleCodec.decode("5:e2 ", 10, 10));
    }
}
