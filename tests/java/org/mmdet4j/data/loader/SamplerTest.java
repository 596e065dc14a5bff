package org.mmdet4j.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {
    @Test
    void groupSamplerPadsEachGroupToWholeBatchesAndKeepsBatchesHomogeneous() {
        int[] flags = {0, 1, 1, 0, 1, 1, 1};   // 2 tall, 5 wide
        GroupSampler s = new GroupSampler(flags, 2, 3);
        // ceil(2/2)*2 + ceil(5/2)*2 = 2 + 6
        assertEquals(8, s.length());
        int[] idx = s.indices(0);
        assertEquals(8, idx.length);
        Set<Integer> seen = new HashSet<>();
        for (int b = 0; b < idx.length; b += 2) {
            assertEquals(flags[idx[b]], flags[idx[b + 1]]);
        }
        for (int i : idx) {
            seen.add(i);
        }
        assertEquals(7, seen.size());
        assertArrayEquals(idx, new GroupSampler(flags, 2, 3).indices(0));
    }

    @Test
    void distributedGroupSamplerSplitsWholeBatchesAcrossRanks() {
        int[] flags = new int[10];
        for (int i = 0; i < 10; i++) {
            flags[i] = i % 3 == 0 ? 1 : 0;
        }
        Set<Integer> union = new HashSet<>();
        int len = -1;
        for (int rank = 0; rank < 2; rank++) {
            GroupSampler s = new GroupSampler(flags, 2, rank, 2, 5);
            int[] idx = s.indices(4);
            len = len < 0 ? idx.length : len;
            assertEquals(len, idx.length);
            for (int b = 0; b < idx.length; b += 2) {
                assertEquals(flags[idx[b]], flags[idx[b + 1]]);
            }
            for (int i : idx) {
                union.add(i);
            }
        }
        assertEquals(10, union.size());
    }

    @Test
    void distributedSamplerGivesDisjointStridedShares() {
        int[] r0 = new DistributedSampler(5, 0, 2, false, 0).indices(0);
        int[] r1 = new DistributedSampler(5, 1, 2, false, 0).indices(0);
        assertArrayEquals(new int[] {0, 2, 4}, r0);
        assertArrayEquals(new int[] {1, 3, 0}, r1);   // padded by repeating from the start
        int[] a = new DistributedSampler(100, 0, 1, true, 9).indices(1);
        int[] b = new DistributedSampler(100, 0, 1, true, 9).indices(2);
        assertTrue(!java.util.Arrays.equals(a, b));
    }
}
