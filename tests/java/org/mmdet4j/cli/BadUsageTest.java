package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage ends with one line on stderr and exit code 2 (usage) or 1 (error), no stack trace. */
class BadUsageTest {
    static final String CONFIG = "configs/retinanet/retinanet_r18_fpn_shapes.yaml";

    @Test
    void unknownCommandIsAUsageError() {
        CliRun r = CliRun.of("frobnicate");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains("frobnicate"), r.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = CliRun.of("test", CONFIG, "x.pth", "--bogus");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains("--bogus") && r.err().contains("mmdet4j test --help"), r.err());
    }

    @Test
    void missingArgumentIsAUsageError() {
        CliRun r = CliRun.of("infer", CONFIG);
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines(), r.err());
    }

    @Test
    void missingConfigFileIsAnError(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope.yaml");
        CliRun r = CliRun.of("train", missing.toString(), "--work-dir", tmp.resolve("w").toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("nope.yaml"), r.err());
    }

    @Test
    void missingCheckpointIsAnError(@TempDir Path tmp) {
        CliRun r = CliRun.of("test", CONFIG, tmp.resolve("none.pth").toString(), "--eval", "bbox");
        assertEquals(1, r.exitCode());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains("none.pth"), r.err());
    }

    @Test
    void unwritableWorkDirIsAnError(@TempDir Path tmp) throws Exception {
        // A folder cannot be created under a regular file, whoever runs the test (root included).
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        CliRun r = CliRun.of("train", CONFIG, "--work-dir", file.resolve("work").toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().startsWith("error: cannot create work dir"), r.err());
    }

    @Test
    void onlyBboxAndSegmCanBeEvaluated() {
        CliRun r = CliRun.of("test", CONFIG, "x.pth", "--eval", "proposal");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("only 'bbox' and 'segm'"), r.err());
    }

    @Test
    void debugPrintsTheStackTrace(@TempDir Path tmp) {
        CliRun r = CliRun.of("--debug", "test", CONFIG, tmp.resolve("none.pth").toString(), "--eval", "bbox");
        assertEquals(1, r.exitCode());
        assertTrue(r.errLines() > 1 && r.err().contains("\tat org.mmdet4j."), r.err());
    }
}
