package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end on the shapes RetinaNet config, shrunk: make-shapes (6 images) -> train 2
 * iterations with evaluation -> test -> infer -> benchmark -> publish-model, checking what each writes;
 * then a checkpoint of another model for {@code test}.
 */
class EndToEndTest {
    static final String CONFIG = "configs/retinanet/retinanet_r18_fpn_shapes.yaml";

    @Test
    void makeShapesTrainTestInferPublish(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path work = tmp.resolve("work");
        CliRun make = CliRun.of("make-shapes", "--out", data.toString(), "--train", "4", "--val", "2");
        assertEquals(0, make.exitCode(), make.err());
        String[] options = options(data, "runner.max_epochs=1", "data.samples_per_gpu=2", "data.workers_per_gpu=1",
                "log_config.interval=1", "lr_config.warmup_iters=2", "checkpoint_config.interval=1",
                "evaluation.interval=1");

        CliRun train = CliRun.of(concat(new String[] {"train", CONFIG, "--work-dir", work.toString()}, options));
        assertEquals(0, train.exitCode(), train.err());
        Path checkpoint = work.resolve("epoch_1.pth");
        assertTrue(Files.size(checkpoint) > 1_000_000, "checkpoint holds the weights");
        assertEquals("epoch_1.pth", Files.readString(work.resolve("latest")).strip());
        assertEquals(Path.of("epoch_1.pth"), Files.readSymbolicLink(work.resolve("latest.pth")));
        Path log = onlyFile(work, ".log.json");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            lines.add(new ObjectMapper().readTree(line));
        }
        long trainLines = lines.stream().filter(l -> "train".equals(l.path("mode").asText())).count();
        assertEquals(2, trainLines, "log_config.interval=1 logs both iterations");
        assertTrue(lines.stream().anyMatch(l -> l.has("loss_cls") && l.has("loss_bbox") && l.has("lr")));
        assertTrue(lines.stream().anyMatch(l -> "val".equals(l.path("mode").asText()) && l.has("bbox_mAP")));

        Path results = tmp.resolve("results.json");
        Path show = tmp.resolve("show");
        CliRun test = CliRun.of(concat(new String[] {"test", CONFIG, checkpoint.toString(), "--eval", "bbox",
            "--out", results.toString(), "--show-dir", show.toString()}, options));
        assertEquals(0, test.exitCode(), test.err());
        assertTrue(test.out().contains("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]"),
                test.out());
        JsonNode dets = new ObjectMapper().readTree(results.toFile());
        assertTrue(dets.isArray());
        for (JsonNode d : dets) {
            assertEquals(4, d.get("bbox").size());
            assertTrue(d.has("image_id") && d.has("category_id") && d.has("score"));
        }
        assertEquals(List.of("val_000000.png", "val_000001.png"), fileNames(show));

        Path image = data.resolve("JPEGImages/val_000000.jpg");
        Path inferDir = tmp.resolve("infer");
        CliRun infer = CliRun.of("infer", CONFIG, work.toString(), image.toString(), "--out-dir", inferDir.toString(),
                "--score-thr", "0.0");
        assertEquals(0, infer.exitCode(), infer.err());
        BufferedImage drawn = ImageIO.read(inferDir.resolve("val_000000.png").toFile());
        BufferedImage original = ImageIO.read(image.toFile());
        assertEquals(original.getWidth(), drawn.getWidth());
        assertEquals(original.getHeight(), drawn.getHeight());

        CliRun bench = CliRun.of(concat(new String[] {"benchmark", CONFIG, checkpoint.toString(), "--max-iter", "4",
            "--warmup", "1", "--log-interval", "3"}, options));
        assertEquals(0, bench.exitCode(), bench.err());
        assertTrue(bench.out().contains("Done image [4/4], fps: ") && bench.out().contains("Overall fps: "),
                bench.out());

        CliRun publish = CliRun.of("publish-model", CONFIG, checkpoint.toString(),
                tmp.resolve("shapes_retinanet.pth").toString());
        assertEquals(0, publish.exitCode(), publish.err());
        Path published = onlyFile(tmp, ".pth");
        String sha = PublishModelCommand.sha256(published);
        assertEquals("shapes_retinanet-" + sha.substring(0, 8) + ".pth", published.getFileName().toString());
        assertTrue(Files.size(published) < Files.size(checkpoint), "the momentum buffers are dropped");

        // A checkpoint of another model (5 classes instead of 3): strict load fails in one line.
        CliRun other = CliRun.of(concat(new String[] {"test", CONFIG, checkpoint.toString(), "--eval", "bbox"},
                options(data, "model.bbox_head.num_classes=5")));
        assertEquals(1, other.exitCode());
        assertEquals(1, other.errLines(), other.err());
        assertTrue(other.err().startsWith("error: cannot load " + checkpoint), other.err());
    }

    private static String[] options(Path data, String... more) {
        List<String> o = new ArrayList<>(List.of("--cfg-options"));
        String root = data.toAbsolutePath() + "/";
        o.addAll(List.of("data.train.data_root=" + root, "data.val.data_root=" + root, "data.test.data_root=" + root));
        o.addAll(List.of(more));
        return o.toArray(String[]::new);
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private static Path onlyFile(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), "files *" + suffix + " in " + dir + ": " + found);
            return found.get(0);
        }
    }

    private static List<String> fileNames(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
