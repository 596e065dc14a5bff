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

/** A failed atomic write keeps the previous file and names the target and the cause. */
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
        assertEquals(List.of("epoch_1.pth", "latest"), names());
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
}
