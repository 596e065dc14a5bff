package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code test --eval widerface} and {@code --out DIR} on face data: what is checked from the
 * config before the checkpoint is loaded and the images are predicted (the prediction itself
 * needs the native detector; the evaluation and the written layout are tested in
 * {@code WiderFaceMetricsEvaluatorTest}).
 */
class TestCommandWiderFaceTest {
    @TempDir
    Path dir;

    /** data.test as the face configs give it, over a box file and subsets that exist. */
    private Path faceConfig(String evaluation) throws Exception {
        Path split = Files.createDirectories(dir.resolve("wider_face_split/subsets"));
        Files.writeString(dir.resolve("wider_face_split/wider_face_val_bbx_gt.txt"), """
                0--Parade/a.jpg
                1
                10 10 30 30 0 0 0 0 0 0
                """);
        for (String s : new String[] {"easy", "medium", "hard"}) {
            Files.writeString(split.resolve(s + ".txt"), "0--Parade/a 1\n");
        }
        return Files.writeString(dir.resolve("faces.yaml"), """
                model: {type: RetinaFace}
                data:
                  test:
                    type: RetinaFaceDataset
                    data_root: %s
                    ann_file: wider_face_split/wider_face_val_bbx_gt.txt
                    img_prefix: WIDER_val/images/
                    pipeline: []
                %s
                """.formatted(dir, evaluation));
    }

    private CliRun test(Path config, String... options) {
        String[] args = new String[3 + options.length];
        args[0] = "test";
        args[1] = config.toString();
        args[2] = dir.resolve("none.pth").toString();
        System.arraycopy(options, 0, args, 3, options.length);
        return CliRun.of(args);
    }

    private static void assertError(CliRun r, int code, String detail) {
        assertEquals(code, r.exitCode(), r.err());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains(detail), r.err());
    }

    @Test
    void configChecksPassThenTheMissingCheckpointIsReported() throws Exception {
        Path cfg = faceConfig("evaluation: {metric: widerface, subsets: wider_face_split/subsets}");
        assertError(test(cfg, "--eval", "widerface", "--out", dir.resolve("pred").toString()), 1,
                "none.pth does not exist");
    }

    @Test
    void widerfaceIsEvaluatedAlone() throws Exception {
        assertError(test(faceConfig(""), "--eval", "widerface", "bbox"), 2, "widerface is evaluated alone");
    }

    @Test
    void widerfaceReadsTheSubsetsFromTheConfig() throws Exception {
        assertError(test(faceConfig(""), "--eval", "widerface"), 1,
                "evaluation.subsets: missing; metric 'widerface' needs the folder with easy.txt");
    }

    @Test
    void widerfaceNeedsAFaceDataset() throws Exception {
        Path cfg = Files.writeString(dir.resolve("coco.yaml"), """
                model: {type: RetinaNet}
                data:
                  test: {type: CocoDataset, ann_file: instances_val.json, img_prefix: val/, pipeline: []}
                evaluation: {metric: widerface, subsets: subsets}
                """);
        assertError(test(cfg, "--eval", "widerface"), 1,
                "data.test.type: metric 'widerface' needs a RetinaFaceDataset, got 'CocoDataset'");
    }

    @Test
    void cocoMetricsOnFaceDataPointToWiderface() throws Exception {
        assertError(test(faceConfig(""), "--eval", "bbox"), 1, "use --eval widerface");
    }

    @Test
    void outOnFaceDataMustBeANewOrEmptyFolder() throws Exception {
        Path cfg = faceConfig("");
        Path used = Files.createDirectories(dir.resolve("pred/0--Parade"));
        assertError(test(cfg, "--out", used.getParent().toString()), 1, "is not empty");
        Path file = Files.writeString(dir.resolve("results.json"), "[]");
        assertError(test(cfg, "--out", file.toString()), 1, "is a file");
    }
}
