package org.mmdet4j.runner.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes TensorBoard event files ({@code events.out.tfevents.<time>.<host>}) with scalar
 * summaries, without TensorFlow: each record is TFRecord-framed (little-endian uint64 length,
 * masked CRC32C of the length, the bytes, masked CRC32C of the bytes) and holds an
 * {@code Event} protocol buffer encoded by hand: {@code wall_time} (1, double), {@code step}
 * (2, int64), {@code file_version} (3, string) or {@code summary} (5) with one
 * {@code Summary.Value} of {@code tag} (1, string) and {@code simple_value} (2, float).
 */
public final class TfEventWriter implements AutoCloseable {
    private final OutputStream out;
    private final Path file;

    public TfEventWriter(Path dir) {
        try {
            Files.createDirectories(dir);
            String host = java.net.InetAddress.getLocalHost().getHostName();
            file = dir.resolve("events.out.tfevents." + System.currentTimeMillis() / 1000 + "." + host);
            out = Files.newOutputStream(file);
            writeRecord(event(System.currentTimeMillis() / 1e3, 0, bytesField(3, "brain.Event:2")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a TensorBoard event file in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Adds the scalar {@code tag} = {@code value} at {@code step}. */
    public void scalar(String tag, double value, long step) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        write(v, bytesField(1, tag));
        v.write(0x15); // field 2, wire type 5 (32-bit)
        write(v, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat((float) value).array());
        byte[] summary = lengthDelimited(1, v.toByteArray());
        writeRecord(event(System.currentTimeMillis() / 1e3, step, lengthDelimited(5, summary)));
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] event(double wallTime, long step, byte[] payload) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.write(0x09); // field 1, wire type 1 (64-bit)
        write(e, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(wallTime).array());
        e.write(0x10); // field 2, varint
        varint(e, step);
        write(e, payload);
        return e.toByteArray();
    }

    private void writeRecord(byte[] data) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(data, 0, data.length));
        try {
            out.write(header.array());
            out.write(data);
            out.write(footer.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** TFRecord's CRC mask: rotate right by 15 and add a constant, so CRCs of CRCs stay strong. */
    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    private static byte[] bytesField(int field, String s) {
        return lengthDelimited(field, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] lengthDelimited(int field, byte[] body) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(field << 3 | 2);
        varint(o, body.length);
        write(o, body);
        return o.toByteArray();
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    private static void write(ByteArrayOutputStream o, byte[] b) {
        o.write(b, 0, b.length);
    }
}
