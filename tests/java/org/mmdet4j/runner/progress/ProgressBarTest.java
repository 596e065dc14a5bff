package org.mmdet4j.runner.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void plainOutputPrintsPeriodicLinesAndAFinalOne() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(10, "eval", out, false, 0);
        for (int i = 0; i < 10; i++) {
            bar.update(1);
        }
        bar.finish();
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(11, lines.length, "every update (period 0) and the final line");
        assertTrue(lines[4].startsWith("eval: [" + ">".repeat(15) + " ".repeat(15) + "] 5/10, "), lines[4]);
        assertTrue(lines[4].contains(" task/s, elapsed: ") && lines[4].contains(", ETA: "), lines[4]);
        assertTrue(lines[10].contains("10/10"), lines[10]);
        assertTrue(!buf.toString(StandardCharsets.UTF_8).contains("\r"));
    }

    @Test
    void terminalOutputRedrawsInPlace() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(3, "", new PrintStream(buf, true, StandardCharsets.UTF_8), true, 10);
        bar.update(3);
        bar.finish();
        String s = buf.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\r[") && s.endsWith("\n") && s.chars().filter(c -> c == '\n').count() == 1, s);
    }

    @Test
    void plainOutputIsQuietBetweenPeriods() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(1000, "x", new PrintStream(buf, true, StandardCharsets.UTF_8), false, 3600);
        for (int i = 0; i < 1000; i++) {
            bar.update(1);
        }
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
        bar.finish();
        assertEquals(1, buf.toString(StandardCharsets.UTF_8).lines().count());
    }
}
