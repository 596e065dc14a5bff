package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while writing a checkpoint leaves the previous checkpoint
 * loadable and {@code latest} pointing at it.
 */
class KillDuringCheckpointTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void sigkillMidWriteKeepsPreviousCheckpoint() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CheckpointWriterMain.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int lastSaved = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("saved ")) {
                    lastSaved = Integer.parseInt(line.substring(6));
                } else if (line.equals("writing 3")) {
                    // a write takes about 400 ms (40 chunks, 10 ms apart): kill it in the middle
                    Thread.sleep(150);
                    child.destroyForcibly();
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(2, lastSaved);
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith(".ckpt_3.pth.tmp-")),
                    "the kill should land mid-write, leaving a temporary file: " + names);
            assertFalse(names.contains("ckpt_3.pth"), names.toString());
        }
        Path latest = CheckpointFiles.readLatest(dir);
        assertEquals(dir.resolve("ckpt_2.pth"), latest);
        LinearModel model = new LinearModel(4);
        Runner runner = new EpochBasedRunner(model, dir, 1);
        Map<String, Object> meta = runner.resume(dir);
        assertEquals(2, meta.get("k"));
        assertEquals(2.0, model.w[0]);

        CheckpointFiles.removeStaleTemporaries(dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("ckpt_1.pth", "ckpt_2.pth", "latest", "latest.pth"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aTruncatedCheckpointFailsToLoad() throws IOException {
        LinearModel model = new LinearModel(4);
        Runner runner = new EpochBasedRunner(model, dir, 1);
        Path file = runner.saveCheckpoint("x.pth", true, true);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 3));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> runner.resume(dir));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
    }
}
