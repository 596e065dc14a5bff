package org.mmdet4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.cli.Main;
import picocli.CommandLine;

/** {@code mmdet4j eval}: exit codes, the one-line error and the JSON it writes. */
class EvalCommandTest {
    @TempDir
    Path dir;

    private static final String GT = """
            {"images": [{"id": 1, "height": 20, "width": 20}], "categories": [{"id": 4, "name": "dog"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 4, "bbox": [0, 0, 10, 10],
                              "area": 100, "iscrowd": 0}]}""";

    private int run(StringWriter err, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void writesStatsAndPerCategory() throws Exception {
        Path gt = Files.writeString(dir.resolve("gt.json"), GT);
        Path dt = Files.writeString(dir.resolve("dt.json"),
                "[{\"image_id\": 1, \"category_id\": 4, \"bbox\": [0, 0, 10, 5], \"score\": 0.9}]");
        Path out = dir.resolve("out.json");
        int code = run(new StringWriter(), "eval", "--ann", gt.toString(), "--results", dt.toString(),
                "--metric", "bbox", "--json", out.toString());
        assertEquals(0, code);
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(12, json.get("stats").size());
        // IoU 0.5: found at 0.50 only -> AP = 101/1010 = 0.1 (up to pycocotools' eps)
        assertEquals(0.1, json.get("stats").get(0).asDouble(), 1e-12);
        assertEquals("dog", json.get("per_category").get("4").get("name").asText());
        assertEquals(0.1, json.get("per_category").get("4").get("ap").asDouble(), 1e-12);
    }

    @Test
    void badInputIsOneLineAndExitCodeOne() throws Exception {
        Path gt = Files.writeString(dir.resolve("gt.json"), GT);
        Path dt = Files.writeString(dir.resolve("dt.json"),
                "[{\"image_id\": 2, \"category_id\": 4, \"bbox\": [0, 0, 10, 5], \"score\": 0.9}]");
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "eval", "--ann", gt.toString(), "--results", dt.toString()));
        String line = err.toString().strip();
        assertTrue(line.startsWith("error: " + dt + ": detection #0: image_id 2"), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void unknownMetricIsAnError() throws Exception {
        Path gt = Files.writeString(dir.resolve("gt.json"), GT);
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "eval", "--ann", gt.toString(), "--results", gt.toString(), "--metric", "kp"));
        assertTrue(err.toString().contains("unknown IoU type 'kp'"), err.toString());
    }

    @Test
    void missingOptionIsUsageError() {
        assertEquals(2, run(new StringWriter(), "eval", "--ann", "x.json"));
    }
}
