package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed atomic write keeps the previous file and names the target and the cause; the
 * {@code latest} pointer and mmcv's {@code latest.pth} link follow the newest checkpoint.
 */
class CheckpointFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriterFailingHalfwayLeavesThePreviousFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("epoch_1.pth");
        CheckpointFiles.writeAtomically(target, p -> Files.write(p, new byte[] {1, 2, 3}));
        CheckpointFiles.writeLatest(dir, target);
        // A native writer reports a full disk as a RuntimeException after writing part of the file.
        FileWriteException e = assertThrows(FileWriteException.class, () -> CheckpointFiles.writeAtomically(target,
                p -> {
                    Files.write(p, new byte[] {9, 9});
                    throw new RuntimeException("writing checkpoint 'x.tmp' failed: No space left on device");
                }));
        assertEquals("cannot write " + target + ": writing checkpoint 'x.tmp' failed: No space left on device",
                e.getMessage());
        assertEquals(target, e.file());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(target, CheckpointFiles.readLatest(dir));
        assertEquals(List.of("epoch_1.pth", "latest", "latest.pth"), names());
    }

    @Test
    void anIoErrorOfTheWriterIsReportedTheSameWay() throws IOException {
        Path target = dir.resolve("iter_5.pth");
        FileWriteException e = assertThrows(FileWriteException.class,
                () -> CheckpointFiles.writeAtomically(target, p -> {
                    throw new IOException("Read-only file system");
                }));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": Read-only file system"), e.getMessage());
        assertEquals(List.of(), names());
    }

    @Test
    void latestPthLinksToTheNewestCheckpointAsMmcvDoes() throws IOException {
        Path first = dir.resolve("epoch_1.pth");
        Path second = dir.resolve("epoch_2.pth");
        Files.write(first, new byte[] {1});
        Files.write(second, new byte[] {2});
        CheckpointFiles.writeLatest(dir, first);
        CheckpointFiles.writeLatest(dir, second);
        Path link = dir.resolve("latest.pth");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("epoch_2.pth"), Files.readSymbolicLink(link), "relative, as mmcv.symlink makes it");
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(link));
        assertEquals(second, CheckpointFiles.readLatest(dir));
        assertEquals(List.of("epoch_1.pth", "epoch_2.pth", "latest", "latest.pth"), names(), "no temporary left");
    }
}
