package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shapes variants of mmdetection's models (RetinaNet with GHM-C and GHM-R, Libra Faster R-CNN,
 * FCOS) train one tiny epoch from the command line with finite losses.
 */
class VariantShapesTrainingTest {
    @ParameterizedTest
    @ValueSource(strings = {"configs/ghm/retinanet_ghm_r18_fpn_shapes.yaml",
        "configs/libra_rcnn/libra_faster_rcnn_r18_fpn_shapes.yaml", "configs/fcos/fcos_r18_fpn_gn-head_shapes.yaml"})
    void trainsOneEpochWithFiniteLosses(String config, @TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path work = tmp.resolve("work");
        assertEquals(0, CliRun.of("make-shapes", "--out", data.toString(), "--train", "4", "--val", "2").exitCode());
        String root = data.toAbsolutePath() + "/";
        CliRun train = CliRun.of("train", config, "--work-dir",
                work.toString(), "--cfg-options", "data.train.data_root=" + root, "data.val.data_root=" + root,
                "data.test.data_root=" + root, "runner.max_epochs=1", "data.samples_per_gpu=2",
                "log_config.interval=1", "lr_config.warmup_iters=2", "checkpoint_config.interval=1",
                "evaluation.interval=1");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(Files.exists(work.resolve("epoch_1.pth")));
        List<JsonNode> trainLines = new ArrayList<>();
        try (var files = Files.list(work)) {
            Path log = files.filter(p -> p.toString().endsWith(".log.json")).findFirst().orElseThrow();
            for (String line : Files.readAllLines(log)) {
                JsonNode node = new ObjectMapper().readTree(line);
                if ("train".equals(node.path("mode").asText())) {
                    trainLines.add(node);
                }
            }
        }
        assertEquals(2, trainLines.size());
        for (JsonNode line : trainLines) {
            double cls = line.get("loss_cls").asDouble();
            double bbox = line.get("loss_bbox").asDouble();
            assertTrue(Double.isFinite(cls) && cls > 0 && Double.isFinite(bbox) && bbox >= 0, line.toString());
        }
    }
}
