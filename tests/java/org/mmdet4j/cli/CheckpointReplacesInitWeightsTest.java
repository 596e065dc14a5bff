package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config whose backbone names pretrained weights ({@code init_cfg=dict(type='Pretrained', ...)},
 * as mmdetection's configs name ImageNet checkpoints) runs {@code test} from a full checkpoint and
 * trains with {@code --load-from} when those weights are not on the machine: the checkpoint
 * replaces every weight, so they are not loaded. Training from the config alone still needs them.
 * Also {@code optimizer.lr=0}, which torch's SGD accepts.
 */
class CheckpointReplacesInitWeightsTest {
    private static final Path CONFIG = Path.of("configs/faster_rcnn/faster_rcnn_r18_fpn_shapes.yaml").toAbsolutePath();

    @Test
    void pretrainedWeightsAreNotNeededWhenACheckpointReplacesThem(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        assertEquals(0, CliRun.of("make-shapes", "--out", data.toString(), "--train", "4", "--val", "2").exitCode());
        Path trained = tmp.resolve("trained");
        CliRun train = CliRun.trainOnShapes(CONFIG.toString(), data, trained, "runner.max_epochs=1");
        assertEquals(0, train.exitCode(), train.err());
        String checkpoint = trained.resolve("epoch_1.pth").toString();

        Path missing = tmp.resolve("absent/resnet18.pth");
        Path config = tmp.resolve("pretrained.yaml");
        Files.writeString(config, "_base_: " + CONFIG + "\nmodel: {backbone: {init_cfg: {_delete_: true, type: Pretrained, checkpoint: "
                + missing + "}}}\n");

        CliRun test = CliRun.of("test", config.toString(), checkpoint, "--eval", "bbox", "--cfg-options",
                "data.test.data_root=" + data.toAbsolutePath() + "/");
        assertEquals(0, test.exitCode(), test.err());

        CliRun fineTune = CliRun.trainOnShapes(config.toString(), data, tmp.resolve("tuned"), "runner.max_epochs=1",
                "optimizer.lr=0", "--load-from", checkpoint);
        assertEquals(0, fineTune.exitCode(), fineTune.err());

        CliRun fromScratch = CliRun.trainOnShapes(config.toString(), data, tmp.resolve("scratch"), "runner.max_epochs=1");
        assertEquals(1, fromScratch.exitCode());
        assertTrue(fromScratch.err().contains("checkpoint file not found: " + missing), fromScratch.err());
    }
}
