package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.cli.Main;
import picocli.CommandLine;

class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void anUnavailableModelTypeIsAClearError() throws Exception {
        Path cfg = dir.resolve("cfg.yaml");
        Files.writeString(cfg, "model: {type: NoSuchDetectorNet}\n");
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("train", cfg.toString(), "--work-dir", dir.resolve("w").toString());
        assertEquals(1, code);
        String line = err.toString().strip();
        assertTrue(line.startsWith("error: model type 'NoSuchDetectorNet' is not available in this build"), line);
        assertEquals(1, line.lines().count(), line);
        assertTrue(!Files.exists(dir.resolve("w")), "nothing is written before the model exists");
    }
}
