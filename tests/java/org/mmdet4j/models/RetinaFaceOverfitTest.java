package org.mmdet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.data.datasets.DatasetOptions;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.datasets.RetinaFaceDataset;
import org.mmdet4j.data.faces.Face;
import org.mmdet4j.data.faces.FacesGenerator;
import org.mmdet4j.data.faces.FacesImage;
import org.mmdet4j.data.faces.FacesWriter;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.Collate;
import org.mmdet4j.data.transforms.Pipelines;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.runner.Detections;
import org.mmdet4j.runner.StepOutput;

/**
 * RetinaFace and FaceBoxes built from configs through the registry and trained from Java on one
 * generated face image. RetinaFace overfits it: every face the label file gives landmarks for is
 * found (IoU >= 0.5 with score >= 0.5) with its five landmarks within a few pixels, in order;
 * FaceBoxes' loss falls (its 32-pixel stride sees few of these small faces, so it is only
 * checked to train).
 */
class RetinaFaceOverfitTest {

    static Map<String, Object> tinyRetinaFace() {
        return Map.of(
                "type", "RetinaFace",
                "backbone", Map.of("type", "MobileNetV1", "widen_factor", 0.25),
                "neck", List.of(
                        Map.of("type", "RetinaFaceFPN", "in_channels", List.of(64, 128, 256), "out_channels", 64),
                        Map.of("type", "SSH", "in_channels", 64, "out_channels", 64)),
                "bbox_head", Map.of("type", "RetinaFaceHead", "num_classes", 1, "in_channels", 64,
                        "prior_box", Map.of("min_sizes", List.of(List.of(16, 32), List.of(64, 128), List.of(256, 512)),
                                "steps", List.of(8, 16, 32))),
                "train_cfg", Map.of("pos_iou_thr", 0.35, "min_best_iou", 0.2, "neg_pos_ratio", 7),
                "test_cfg", Map.of("nms_pre", 5000, "score_thr", 0.02, "nms", Map.of("type", "nms", "iou_threshold", 0.4),
                        "max_per_img", 750));
    }

    static Map<String, Object> faceBoxes() {
        return Map.of(
                "type", "FaceBoxes",
                "backbone", Map.of("type", "FaceBoxesNet"),
                "bbox_head", Map.of("type", "FaceBoxesHead", "num_classes", 1,
                        "prior_box", Map.of("min_sizes", List.of(List.of(32, 64, 128), List.of(256), List.of(512)),
                                "steps", List.of(32, 64, 128), "densities", List.of(List.of(4, 2, 1), List.of(1), List.of(1)))),
                "train_cfg", Map.of("pos_iou_thr", 0.35),
                "test_cfg", Map.of("nms_pre", 5000, "score_thr", 0.05, "nms", Map.of("type", "nms", "iou_threshold", 0.3),
                        "max_per_img", 750));
    }

    static List<Map<String, Object>> pipeline() {
        return List.of(
                Map.of("type", "LoadImageFromFile"),
                Map.of("type", "LoadAnnotations", "with_bbox", true),
                Map.of("type", "Normalize", "mean", List.of(104, 117, 123), "std", List.of(1, 1, 1), "to_rgb", false),
                Map.of("type", "Pad", "size_divisor", 32),
                Map.of("type", "DefaultFormatBundle"),
                Map.of("type", "Collect", "keys", List.of("img", "gt_bboxes", "gt_labels", "gt_keypoints")));
    }

    /** The first generated image of seed 2 with at least three faces with landmarks, written under {@code dir}. */
    private static FacesImage writeImage(Path dir) throws Exception {
        FacesGenerator generator = new FacesGenerator(2);
        for (int i = 0; ; i++) {
            FacesImage image = generator.image("train", i);
            if (image.faces().stream().filter(Face::hasLandmarks).count() >= 3) {
                FacesWriter.write(dir, "train", List.of(image));
                return image;
            }
        }
    }

    private static Batch batch(Path dir) {
        DetDataset dataset = RetinaFaceDataset.load(FacesWriter.labelFile(dir, "train"),
                FacesWriter.imagesDir(dir, "train").toString() + "/",
                Pipelines.build(pipeline(), "pipeline").transforms(), 0, DatasetOptions.train());
        return Collate.collate(List.of(dataset.get(0, new Random(0))), 32);
    }

    private static double iou(float[] b, int k, Face f) {
        double ix = Math.max(0, Math.min(b[4 * k + 2], f.x() + f.w()) - Math.max(b[4 * k], f.x()));
        double iy = Math.max(0, Math.min(b[4 * k + 3], f.y() + f.h()) - Math.max(b[4 * k + 1], f.y()));
        double inter = ix * iy;
        double area = (b[4 * k + 2] - b[4 * k]) * (b[4 * k + 3] - b[4 * k + 1]);
        return inter / (area + (double) f.w() * f.h() - inter);
    }

    @Test
    void retinaFaceOverfitsOneImageWithLandmarks(@TempDir Path dir) throws Exception {
        FacesImage image = writeImage(dir);
        Batch batch = batch(dir);
        assertEquals(1, batch.gtKeypoints.size());
        NativeDetectorModel model = (NativeDetectorModel) Registries.DETECTORS.build(ConfigDict.of(tinyRetinaFace()));
        StepOutput[] steps = OneImageOverfit.train(model, batch, 300, 200);
        String losses = steps[0].losses() + " -> " + steps[1].losses();
        assertTrue(steps[1].loss() < steps[0].loss() / 5, "loss " + losses);
        model.evalMode();
        Detections d = model.predict(batch).get(0);
        assertTrue(d.hasLandmarks(), "RetinaFace predicts landmarks");
        assertEquals(5, d.landmarksPerDetection());
        List<Face> withLandmarks = new ArrayList<>();
        for (Face f : image.faces()) {
            if (f.hasLandmarks()) {
                withLandmarks.add(f);
            }
        }
        assertTrue(withLandmarks.size() >= 3, "the image has faces with landmarks: " + image.faces().size());
        for (Face f : withLandmarks) {
            int best = -1;
            double bestIou = 0;
            for (int k = 0; k < d.size(); k++) {
                if (d.scores()[k] >= 0.5 && iou(d.boxes(), k, f) > bestIou) {
                    bestIou = iou(d.boxes(), k, f);
                    best = k;
                }
            }
            assertTrue(bestIou >= 0.5, "face " + f + " found with IoU " + bestIou + "; loss " + losses);
            double error = 0;
            for (int p = 0; p < 5; p++) {
                double dx = d.landmarks()[10 * best + 2 * p] - f.landmarks()[2 * p];
                double dy = d.landmarks()[10 * best + 2 * p + 1] - f.landmarks()[2 * p + 1];
                error = Math.max(error, Math.hypot(dx, dy));
            }
            assertTrue(error < Math.max(3, 0.1 * f.h()), "landmarks of " + f + " off by " + error + " px");
        }
    }

    @Test
    void faceBoxesTrainsOnTheSameImage(@TempDir Path dir) throws Exception {
        writeImage(dir);
        Batch batch = batch(dir);
        NativeDetectorModel model = (NativeDetectorModel) Registries.DETECTORS.build(ConfigDict.of(faceBoxes()));
        StepOutput[] steps = OneImageOverfit.train(model, batch, 30, -1);
        assertTrue(steps[1].loss() < steps[0].loss(), "loss " + steps[0].losses() + " -> " + steps[1].losses());
        assertTrue(!steps[1].losses().containsKey("loss_landmark"), "FaceBoxes has no landmark loss");
        model.evalMode();
        assertTrue(!model.predict(batch).get(0).hasLandmarks());
    }
}
