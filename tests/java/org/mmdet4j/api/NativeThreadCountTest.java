package org.mmdet4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmdet4j.bindings.NativeThreads;

class NativeThreadCountTest {
    @Test
    void setsTheNativeCoresThreadCountAndRefusesCountsOutOfRange() {
        try {
            NativeThreadCount.set(1);
            assertEquals(1, NativeThreadCount.get());
            assertEquals(1, NativeThreads.numThreads(), "the native core's own count");
            NativeThreadCount.set(3);
            assertEquals(3, NativeThreads.numThreads());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeThreadCount.set(0));
            assertEquals("thread count must be from 1 to 4096, got 0", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> NativeThreadCount.set(4097));
            assertEquals(3, NativeThreadCount.get(), "a refused count changes nothing");
            assertTrue(NativeThreadCount.initial() >= 1);
        } finally {
            // Back to following the free CPUs, as every other test expects.
            NativeThreadCount.reset();
        }
        assertEquals(NativeThreadCount.initial(), NativeThreadCount.get());
    }
}
