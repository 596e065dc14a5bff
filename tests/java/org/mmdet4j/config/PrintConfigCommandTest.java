package org.mmdet4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmdet4j.config.ConfigTestFiles.write;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.cli.Main;
import picocli.CommandLine;

/** {@code mmdet4j print-config} through the real command line, as a user runs it. */
class PrintConfigCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsTheMergedConfigWithOverrides() {
        write(dir, "base.yaml", "optimizer: {type: SGD, lr: 0.02}\nrunner: {max_epochs: 12}\n");
        Path child = write(dir, "child.py", "_base_ = 'base.yaml'\nrunner = dict(max_epochs=24)\n");
        assertEquals(0, run("print-config", child.toString(), "--cfg-options", "optimizer.lr=0.01", "--format", "py"));
        assertEquals("""
                optimizer = dict(type='SGD', lr=0.01)
                runner = dict(max_epochs=24)
                """, out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void everyFormatLoadsBackToTheSameConfig() {
        Path file = Path.of("configs/_base_/datasets/coco_detection.yaml");
        Config expected = Config.fromFile(file);
        for (ConfigFormat format : ConfigFormat.values()) {
            out.getBuffer().setLength(0);
            assertEquals(0, run("print-config", file.toString(), "--format", format.extension()));
            assertEquals(expected, Config.fromString(out.toString(), format), format.toString());
        }
    }

    @Test
    void configErrorsAreOneLineWithExitCodeOne() {
        Path bad = write(dir, "bad.py", "model = dict(\n    backbone=ResNet(depth=50))\n");
        assertEquals(1, run("print-config", bad.toString()));
        assertEquals("error: " + bad + ":2: function call 'ResNet(...)' is outside the supported config subset "
                + "(only dict(...) is allowed)" + System.lineSeparator(), err.toString());
    }

    @Test
    void badFormatIsAUsageError() {
        Path ok = write(dir, "ok.yaml", "a: 1\n");
        assertEquals(2, run("print-config", ok.toString(), "--format", "toml"));
        assertTrue(err.toString().startsWith("error: unknown config format 'toml'; expected yaml, json or py"), err.toString());
    }
}
