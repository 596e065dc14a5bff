package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The face configs from the command line on a tiny generated face dataset: FaceBoxes and
 * RetinaFace each train an epoch and are evaluated with WIDER FACE's protocol; the RetinaFace
 * checkpoint then writes the official prediction layout with {@code test --out} and prints
 * landmarks with {@code infer}.
 */
class FaceTrainingTest {
    private static List<String> faceData(Path data) {
        String d = data.toAbsolutePath() + "/";
        return List.of("data.train.ann_file=" + d + "train/label.txt",
                "data.train.img_prefix=" + d + "WIDER_train/images/",
                "data.val.ann_file=" + d + "wider_face_split/wider_face_val_bbx_gt.txt",
                "data.val.img_prefix=" + d + "WIDER_val/images/",
                "data.test.ann_file=" + d + "wider_face_split/wider_face_val_bbx_gt.txt",
                "data.test.img_prefix=" + d + "WIDER_val/images/",
                "evaluation.subsets=" + d + "wider_face_split/subsets", "evaluation.interval=1",
                "runner.max_epochs=1", "data.samples_per_gpu=2", "data.workers_per_gpu=1", "log_config.interval=1",
                "lr_config.warmup_iters=2", "checkpoint_config.interval=1");
    }

    private static CliRun train(String config, Path data, Path work) {
        List<String> args = new ArrayList<>(List.of("train", config, "--work-dir", work.toString(), "--cfg-options"));
        args.addAll(faceData(data));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String log(Path work) throws Exception {
        try (var files = Files.list(work)) {
            return Files.readString(files.filter(p -> p.toString().endsWith(".log.json")).findFirst().orElseThrow());
        }
    }

    @Test
    void faceBoxesAndRetinaFaceTrainAnEpochAndAreEvaluated(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("faces");
        assertEquals(0, CliRun.of("make-faces", "--out", data.toString(), "--train", "4", "--val", "3").exitCode());

        Path boxesWork = tmp.resolve("faceboxes");
        CliRun faceBoxes = train("configs/faceboxes/faceboxes_widerface.yaml", data, boxesWork);
        assertEquals(0, faceBoxes.exitCode(), faceBoxes.err());
        assertTrue(Files.exists(boxesWork.resolve("epoch_1.pth")));
        String boxesLog = log(boxesWork);
        assertTrue(boxesLog.contains("\"easy_AP\"") && !boxesLog.contains("loss_landmark"), boxesLog);

        Path work = tmp.resolve("retinaface");
        CliRun retinaFace = train("configs/retinaface/retinaface_mnet025_faces.yaml", data, work);
        assertEquals(0, retinaFace.exitCode(), retinaFace.err());
        String log = log(work);
        assertTrue(log.contains("\"loss_landmark\"") && log.contains("\"hard_AP\""), log);

        Path checkpoint = work.resolve("epoch_1.pth");
        Path predictions = tmp.resolve("predictions");
        List<String> test = new ArrayList<>(List.of("test", "configs/retinaface/retinaface_mnet025_faces.yaml",
                checkpoint.toString(), "--eval", "widerface", "--out", predictions.toString(), "--cfg-options"));
        test.addAll(faceData(data));
        CliRun tested = CliRun.of(test.toArray(String[]::new));
        assertEquals(0, tested.exitCode(), tested.err());
        assertTrue(tested.out().contains("Easy   Val AP"), tested.out());
        try (var events = Files.list(predictions)) {
            assertTrue(events.count() > 0, "the official layout: a folder per event");
        }

        Path image;
        try (var images = Files.walk(data.resolve("WIDER_val/images"))) {
            image = images.filter(p -> p.toString().endsWith(".jpg")).findFirst().orElseThrow();
        }
        CliRun infer = CliRun.of("infer", "configs/retinaface/retinaface_mnet025_faces.yaml", checkpoint.toString(),
                image.toString(), "--out-dir", tmp.resolve("infer").toString(), "--score-thr", "0");
        assertEquals(0, infer.exitCode(), infer.err());
        assertTrue(infer.out().contains("landmarks ("), infer.out());
    }
}
