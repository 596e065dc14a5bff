package org.mmdet4j.runner.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.cli.Main;
import picocli.CommandLine;

class AnalyzeLogsCommandTest {
    @TempDir
    Path dir;

    private Path log() throws Exception {
        Path f = dir.resolve("20240101_000000.log.json");
        Files.write(f, List.of(
                "{\"seed\": 0, \"config\": \"...\"}",
                "{\"mode\": \"train\", \"epoch\": 1, \"iter\": 10, \"lr\": 0.01, \"data_time\": 0.1, \"loss\": 2.0, \"time\": 0.9}",
                "{\"mode\": \"train\", \"epoch\": 1, \"iter\": 20, \"lr\": 0.01, \"data_time\": 0.1, \"loss\": 1.5, \"time\": 0.3}",
                "{\"mode\": \"train\", \"epoch\": 1, \"iter\": 30, \"lr\": 0.01, \"data_time\": 0.1, \"loss\": 1.2, \"time\": 0.5}",
                "{\"mode\": \"val\", \"epoch\": 1, \"iter\": 5, \"lr\": 0.01, \"bbox_mAP\": 0.3}",
                "{\"mode\": \"train\", \"epoch\": 2, \"iter\": 10, \"lr\": 0.01, \"data_time\": 0.1, \"loss\": 1.0, \"time\": 0.8}",
                "{\"mode\": \"train\", \"epoch\": 2, \"iter\": 20, \"lr\": 0.01, \"data_time\": 0.1, \"loss\": 0.9, \"time\": 0.2}",
                "{\"mode\": \"train\", \"epoch\": 2, \"iter\": 30, \"lr\": 0.01, \"data_time\": 0.1, \"loss\": 0.8, \"time\": 0.2}",
                "{\"mode\": \"val\", \"epoch\": 2, \"iter\": 5, \"lr\": 0.01, \"bbox_mAP\": 0.5}"));
        return f;
    }

    private static String[] run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void calTrainTimeLeavesOutTheFirstTimeOfEachEpoch() throws Exception {
        Path f = log();
        String[] r = run("analyze-logs", "cal_train_time", f.toString());
        assertEquals("0", r[0], r[2]);
        // epoch 1: (0.3 + 0.5) / 2 = 0.4; epoch 2: (0.2 + 0.2) / 2 = 0.2; std of {0.4, 0.2} = 0.1; all: 1.2 / 4
        assertEquals(String.join(System.lineSeparator(),
                "-----Analyze train time of " + f + "-----",
                "slowest epoch 1, average time is 0.4000",
                "fastest epoch 2, average time is 0.2000",
                "time std over epochs is 0.1000",
                "average time per iter: 0.3000", "", ""), r[1]);
        String[] all = run("analyze-logs", "cal_train_time", f.toString(), "--include-outliers");
        assertTrue(all[1].contains("slowest epoch 1, average time is 0.5667"), all[1]);
    }

    @Test
    void plotCurveWritesAPng() throws Exception {
        Path f = log();
        Path png = dir.resolve("loss.png");
        String[] r = run("analyze-logs", "plot_curve", f.toString(), "--keys", "loss", "--out", png.toString());
        assertEquals("0", r[0], r[2]);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1000, img.getWidth());
        assertEquals(600, img.getHeight());
        Path map = dir.resolve("map.png");
        assertEquals("0", run("analyze-logs", "plot_curve", f.toString(), "--out", map.toString())[0]);
        assertTrue(Files.size(map) > 1000);
    }

    @Test
    void aMissingMetricIsAOneLineError() throws Exception {
        String[] r = run("analyze-logs", "plot_curve", log().toString(), "--keys", "loss_cls");
        assertEquals("1", r[0]);
        assertTrue(r[2].startsWith("error: ") && r[2].contains("does not contain metric loss_cls"), r[2]);
        assertEquals("2", run("analyze-logs", "plot_curve")[0], "missing LOG is a usage error");
    }

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        double[] t = CurvePlot.ticks(0.13, 1.87);
        assertEquals(0.0, t[0], 1e-12);
        assertTrue(t[t.length - 1] >= 1.87);
        assertEquals(0.2, t[1] - t[0], 1e-12);
    }
}
