package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training over a dataset with one truncated JPEG and one annotation with a negative-size box:
 * with {@code skip_invalid} the run finishes and its log names both and counts 2 skips; without
 * it the run stops at the first, naming it.
 */
class SkipInvalidSamplesTest {
    private static final String CONFIG = "configs/faster_rcnn/faster_rcnn_r18_fpn_shapes.yaml";

    private static CliRun train(Path data, Path work, String... extra) {
        List<String> args = new ArrayList<>(List.of("runner.max_epochs=1"));
        args.addAll(List.of(extra));
        return CliRun.trainOnShapes(CONFIG, data, work, args.toArray(String[]::new));
    }

    @Test
    void skipInvalidTrainsOnNamingAndCountingTheBadSamples(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        assertEquals(0, CliRun.of("make-shapes", "--out", data.toString(), "--train", "10", "--val", "2").exitCode());
        Path cut = data.resolve("JPEGImages/train_000003.jpg");
        byte[] jpg = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(jpg, jpg.length / 2));
        Path ann = data.resolve("annotations/instances_train.json");
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(ann.toFile());
        long badImage = 0;
        for (JsonNode img : root.get("images")) {
            if (img.get("file_name").asText().equals("train_000006.jpg")) {
                badImage = img.get("id").asLong();
            }
        }
        for (JsonNode a : root.get("annotations")) {
            if (a.get("image_id").asLong() == badImage) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) a.get("bbox")).set(2, -4.0);
                break;
            }
        }
        json.writeValue(ann.toFile(), root);

        Path work = tmp.resolve("skip");
        CliRun skip = train(data, work, "data.train.skip_invalid=True", "data.train.max_skip_ratio=0.25");
        assertEquals(0, skip.exitCode(), skip.err());
        Path textLog;
        Path jsonLog;
        try (Stream<Path> files = Files.list(work)) {
            List<Path> logs = files.filter(p -> p.toString().endsWith(".log")).toList();
            textLog = logs.get(0);
            jsonLog = Path.of(textLog + ".json");
        }
        String text = Files.readString(textLog);
        assertTrue(text.contains("skipped sample 1: " + ann + ": image id " + badImage
                + " ('train_000006.jpg'): annotation id "), text);
        assertTrue(text.contains("bbox has negative width/height"), text);
        assertTrue(text.contains("skipped sample 2: " + ann + ": image id ") && text.contains("('train_000003.jpg')")
                && text.contains("truncated"), text);
        assertTrue(!text.contains("skipped sample 3"), text);
        JsonNode last = null;
        for (String line : Files.readAllLines(jsonLog)) {
            JsonNode node = json.readTree(line);
            if ("train".equals(node.path("mode").asText())) {
                last = node;
            }
        }
        assertEquals(2, last.get("skipped").asInt(), String.valueOf(last));
        assertTrue(text.contains(", skipped: 2"), text);

        CliRun strict = train(data, tmp.resolve("strict"));
        assertEquals(1, strict.exitCode());
        String err = strict.err().strip();
        assertTrue(err.startsWith("error: " + ann + ": annotation id ") && err.contains("(image id " + badImage
                + "): bbox has negative width/height (w=-4.0"), err);
    }
}
