package org.mmdet4j.runner.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the event file back with an independent, bitwise CRC32C and checks framing and content. */
class TfEventWriterTest {
    @TempDir
    Path dir;

    /** CRC32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit. */
    private static int crc32c(byte[] b, int off, int len) {
        int crc = 0xFFFFFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    private static int masked(int crc) {
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    @Test
    void recordsAreFramedWithMaskedCrc32cAndHoldScalarEvents() throws Exception {
        Path file;
        try (TfEventWriter w = new TfEventWriter(dir)) {
            w.scalar("train/loss", 0.5, 7);
            file = w.file();
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."));
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (buf.hasRemaining()) {
            byte[] len = new byte[8];
            buf.get(len);
            assertEquals(masked(crc32c(len, 0, 8)), buf.getInt());
            byte[] data = new byte[(int) ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong()];
            buf.get(data);
            assertEquals(masked(crc32c(data, 0, data.length)), buf.getInt());
            records.add(data);
        }
        assertEquals(2, records.size());
        assertTrue(new String(records.get(0), StandardCharsets.ISO_8859_1).endsWith("\u001a\rbrain.Event:2"));
        byte[] e = records.get(1);
        assertEquals(0x09, e[0]);
        assertEquals(0x10, e[9]);
        assertEquals(7, e[10]);
        assertEquals(0x2a, e[11]); // summary, field 5
        byte[] value = {0x0a, 10, 't', 'r', 'a', 'i', 'n', '/', 'l', 'o', 's', 's', 0x15, 0, 0, 0, 0x3f};
        byte[] tail = java.util.Arrays.copyOfRange(e, e.length - value.length, e.length);
        assertEquals(java.util.Arrays.toString(value), java.util.Arrays.toString(tail)); // 0.5f = 0x3f000000 LE
    }
}
