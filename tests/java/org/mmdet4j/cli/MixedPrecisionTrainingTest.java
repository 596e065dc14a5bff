package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.runner.TrainSetup;
import org.mmdet4j.runner.TrainableModel;

/**
 * mmdetection's {@code fp16 = dict(...)} from the command line on the CPU (bfloat16 autocast):
 * the loss scaler's state goes into the checkpoint meta where mmcv keeps it and comes back on
 * resume; overflowing steps are skipped, logged and survived; bad settings are config errors;
 * {@code --precision} picks the inference precision.
 */
class MixedPrecisionTrainingTest {
    private static final Path CONFIG = Path.of("configs/faster_rcnn/faster_rcnn_r18_fpn_shapes.yaml").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static Path data;

    @BeforeAll
    static void makeShapes() {
        data = shared.resolve("data");
        // 8 training images in batches of 2: 4 iterations per epoch.
        assertEquals(0, CliRun.of("make-shapes", "--out", data.toString(), "--train", "8", "--val", "2").exitCode());
    }

    /** The demo's config with {@code fp16} set to the given YAML flow mapping. */
    private static String configWithFp16(Path dir, String fp16) throws Exception {
        Path file = dir.resolve("fp16.yaml");
        Files.writeString(file, "_base_: " + CONFIG + "\nfp16: " + fp16 + "\n");
        return file.toString();
    }

    private static JsonNode lossScaler(Path checkpoint) throws Exception {
        TrainableModel model = TrainSetup.buildModel(Config.fromFile(CONFIG));
        try {
            return JSON.readTree(model.loadCheckpoint(checkpoint, false)).path("fp16").path("loss_scaler");
        } finally {
            ((AutoCloseable) model).close();
        }
    }

    @Test
    void scalerStateIsCheckpointedAsMmcvDoesAndRestoredOnResume(@TempDir Path tmp) throws Exception {
        String config = configWithFp16(tmp,
                "{dtype: bfloat16, loss_scale: {init_scale: 1024, growth_interval: 2}}");
        Path work = tmp.resolve("work");
        CliRun first = CliRun.trainOnShapes(config, data, work, "runner.max_epochs=1");
        assertEquals(0, first.exitCode(), first.err());
        // Four finite steps: the scale doubles after the second and the fourth.
        JsonNode state = lossScaler(work.resolve("epoch_1.pth"));
        assertEquals(4096.0, state.path("scale").asDouble(), String.valueOf(state));
        assertEquals(0, state.path("_growth_tracker").asInt(), String.valueOf(state));
        assertEquals(2, state.path("growth_interval").asInt(), String.valueOf(state));

        CliRun resumed = CliRun.trainOnShapes(config, data, work, "runner.max_epochs=2",
                "--resume-from", work.resolve("epoch_1.pth").toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        // Restored, it goes on doubling from 4096; a fresh scaler would end at 4096 again.
        assertEquals(16384.0, lossScaler(work.resolve("epoch_2.pth")).path("scale").asDouble());
    }

    @Test
    void overflowingStepsAreSkippedAndLoggedAndTrainingGoesOn(@TempDir Path tmp) throws Exception {
        // Any loss above about 1.1 times 3e38 overflows float32: the first steps must back off.
        String config = configWithFp16(tmp, "{dtype: bfloat16, loss_scale: {init_scale: 3.0e38}}");
        Path work = tmp.resolve("work");
        CliRun run = CliRun.trainOnShapes(config, data, work, "runner.max_epochs=1");
        assertEquals(0, run.exitCode(), run.err());
        List<Double> scales = new ArrayList<>();
        try (Stream<Path> files = Files.list(work)) {
            Path jsonLog = files.filter(p -> p.toString().endsWith(".log.json")).findFirst().orElseThrow();
            for (String line : Files.readAllLines(jsonLog)) {
                JsonNode entry = JSON.readTree(line);
                if ("train".equals(entry.path("mode").asText())) {
                    scales.add(entry.path("loss_scale").asDouble());
                }
            }
        }
        assertEquals(4, scales.size(), String.valueOf(scales));
        assertEquals(3.0e38, scales.get(0), String.valueOf(scales));
        assertTrue(scales.get(1) <= 1.5e38, "an overflow halves the scale: " + scales);
        double scale = lossScaler(work.resolve("epoch_1.pth")).path("scale").asDouble();
        assertTrue(scale < 3.0e38, "the scale backs off: " + scale);
    }

    @Test
    void badMixedPrecisionSettingsAreConfigErrors(@TempDir Path tmp) throws Exception {
        CliRun twice = CliRun.trainOnShapes(configWithFp16(tmp, "{loss_scale: dynamic, dtype: bfloat16, grad_clip: null}"),
                data, tmp.resolve("a"), "runner.max_epochs=1");
        assertEquals(1, twice.exitCode());
        assertTrue(twice.err().contains("fp16.grad_clip: also given in optimizer_config; give it once"), twice.err());

        CliRun badScale = CliRun.trainOnShapes(configWithFp16(tmp, "{loss_scale: auto, dtype: bfloat16}"),
                data, tmp.resolve("b"), "runner.max_epochs=1");
        assertEquals(1, badScale.exitCode());
        assertTrue(badScale.err().contains(
                "loss_scale: must be a positive number, 'dynamic' or a dict of GradScaler's arguments, got auto"),
                badScale.err());

        CliRun halfOnCpu = CliRun.trainOnShapes(configWithFp16(tmp, "{loss_scale: dynamic}"),
                data, tmp.resolve("c"), "runner.max_epochs=1");
        assertEquals(1, halfOnCpu.exitCode());
        assertTrue(halfOnCpu.err().contains("fp16.dtype: float16 autocast needs a CUDA device; on the CPU use "
                + "dtype='bfloat16'"), halfOnCpu.err());
    }

    @Test
    void testRunsInBfloat16AndRefusesFloat16OnTheCpu(@TempDir Path tmp) {
        Path work = tmp.resolve("work");
        CliRun train = CliRun.trainOnShapes(CONFIG.toString(), data, work, "runner.max_epochs=1");
        assertEquals(0, train.exitCode(), train.err());
        String root = "data.test.data_root=" + data.toAbsolutePath() + "/";
        String checkpoint = work.resolve("epoch_1.pth").toString();
        CliRun bf16 = CliRun.of("test", CONFIG.toString(), checkpoint, "--eval", "bbox", "--precision", "bf16",
                "--cfg-options", root);
        assertEquals(0, bf16.exitCode(), bf16.err());
        assertTrue(bf16.out().contains("Average Precision"), bf16.out());

        CliRun fp16 = CliRun.of("test", CONFIG.toString(), checkpoint, "--eval", "bbox", "--precision", "fp16",
                "--cfg-options", root);
        assertEquals(1, fp16.exitCode());
        assertTrue(fp16.err().contains("precision fp16 needs a CUDA device; on the CPU use bf16"), fp16.err());

        CliRun unknown = CliRun.of("test", CONFIG.toString(), checkpoint, "--eval", "bbox", "--precision", "int8",
                "--cfg-options", root);
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("precision must be fp32, bf16 or fp16"), unknown.err());
    }
}
