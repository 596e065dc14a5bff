package org.mmdet4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.cli.Main;
import org.mmdet4j.data.widerface.WiderBox;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.data.widerface.WiderSubset;
import org.mmdet4j.evaluation.widerface.WiderPredictionFile;
import picocli.CommandLine;

/** {@code mmdet4j eval}: exit codes, the one-line error and the JSON it writes (COCO and WIDER FACE). */
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

    /**
     * One image, two faces, both kept by hard, the first by easy and medium; a hit on the first
     * at score 1, a miss at 0. Easy/medium: R 1 at P 1 from the first threshold: AP 1. Hard:
     * R 1/2 at P 1: AP 1/2.
     */
    private String[] widerface(Path json) throws Exception {
        WiderBox a = WiderBox.of(0, 0, 20, 20), b = WiderBox.of(100, 0, 20, 20);
        Path gt = WiderBoxFile.write(dir.resolve("gt.txt"), List.of(new WiderBoxImage("e/x.jpg", List.of(a, b))));
        Path subsets = dir.resolve("subsets");
        for (String name : List.of("easy", "medium", "hard")) {
            Map<String, int[]> keep = new LinkedHashMap<>();
            keep.put("e/x", name.equals("hard") ? new int[] {1, 2} : new int[] {1});
            WiderSubset.write(subsets.resolve(name + ".txt"), keep);
        }
        Path pred = dir.resolve("pred");
        WiderPredictionFile.write(pred, "e/x.jpg", new double[] {0, 0, 20, 20, 1.0, 500, 500, 20, 20, 0.0});
        return new String[] {"eval", "--metric", "widerface", "--ann", gt.toString(), "--subsets", subsets.toString(),
            "--results", pred.toString(), "--json", json.toString()};
    }

    @Test
    void widerfacePrintsAndWritesTheThreeAps() throws Exception {
        Path out = dir.resolve("wider.json");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            code = run(new StringWriter(), widerface(out));
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Easy   Val AP: 1.0\nMedium Val AP: 1.0\nHard   Val AP: 0.5\n"), printed);
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(1.0, json.get("easy").asDouble(), 1e-12);
        assertEquals(1.0, json.get("medium").asDouble(), 1e-12);
        assertEquals(0.5, json.get("hard").asDouble(), 1e-12);
    }

    @Test
    void widerfaceNeedsSubsetsAndCocoRefusesThem() throws Exception {
        String[] args = widerface(dir.resolve("o.json"));
        String[] noSubsets = Stream.of(args).filter(a -> !a.equals("--subsets")
                && !a.equals(dir.resolve("subsets").toString())).toArray(String[]::new);
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, noSubsets));
        assertTrue(err.toString().contains("--metric widerface needs --subsets DIR"), err.toString());
        Path gt = Files.writeString(dir.resolve("gt.json"), GT);
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(err2, "eval", "--ann", gt.toString(), "--results", gt.toString(), "--subsets", "x"));
        assertTrue(err2.toString().contains("--subsets is for --metric widerface only"), err2.toString());
    }

    @Test
    void widerfaceBadInputIsOneLineNamingFileAndLine() throws Exception {
        String[] args = widerface(dir.resolve("o.json"));
        Files.writeString(dir.resolve("subsets/easy.txt"), "e/x 3\n");
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, args));
        String line = err.toString().strip();
        assertEquals("error: " + dir.resolve("subsets/easy.txt") + ": line 1: face index 3 of image 'e/x' is outside "
                + "1..2 (its faces in " + dir.resolve("gt.txt") + " line 1)", line);
    }
}
