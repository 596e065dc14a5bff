package org.mmdet4j.evaluation.coco;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.evaluation.EvaluationException;

/** Bad input fails with one line naming the file and the entry. */
class CocoInputErrorsTest {
    @TempDir
    Path dir;

    private String evaluateError(String dt) {
        Path g = CocoFiles.write(dir, "gt.json", CocoFiles.GT);
        Path d = CocoFiles.write(dir, "dt.json", dt);
        EvaluationException e = assertThrows(EvaluationException.class, () -> new CocoEvaluator(
                CocoGroundTruth.read(g, IouType.BBOX), CocoDetections.read(d), IouType.BBOX).evaluate());
        String msg = e.getMessage();
        assertTrue(msg.startsWith(d.toString()), msg);
        assertTrue(!msg.contains("\n"), msg);
        return msg;
    }

    private static void assertContains(String msg, String part) {
        assertTrue(msg.contains(part), () -> "'" + part + "' not in: " + msg);
    }

    @Test
    void unknownImage() {
        String msg = evaluateError("""
                [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 0.5},
                 {"image_id": 99, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 0.5}]""");
        assertContains(msg, "detection #1: image_id 99 is not an image of");
    }

    @Test
    void unknownCategory() {
        String msg = evaluateError("[{\"image_id\": 1, \"category_id\": 5, \"bbox\": [0, 0, 1, 1], \"score\": 0.5}]");
        assertContains(msg, "detection #0: category_id 5 is not a category");
    }

    @Test
    void nanScore() {
        String msg = evaluateError("""
                [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 0.5},
                 {"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "score": NaN}]""");
        assertContains(msg, "detection #1: 'score' is NaN");
    }

    @Test
    void infiniteCoordinate() {
        String msg = evaluateError("[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, Infinity, 1, 1], \"score\": 0.5}]");
        assertContains(msg, "detection #0: 'bbox' is Infinity");
    }

    @Test
    void malformedJson() {
        String msg = evaluateError("[{\"image_id\": 1, \"category_id\": 1,, }]");
        assertContains(msg, "malformed JSON at line 1");
    }

    @Test
    void notAnArray() {
        assertContains(evaluateError("{\"image_id\": 1}"), "results must be a JSON array");
    }

    @Test
    void missingScore() {
        assertContains(evaluateError("[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1]}]"),
                "detection #0: a detection needs");
    }

    @Test
    void groundTruthWithoutArea() {
        Path g = CocoFiles.write(dir, "gt.json", """
                {"images": [{"id": 1}], "categories": [{"id": 1}],
                 "annotations": [{"id": 4, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}]}""");
        EvaluationException e = assertThrows(EvaluationException.class, () -> CocoGroundTruth.read(g, IouType.BBOX));
        assertContains(e.getMessage(), g + ": entry #0 of 'annotations': annotation id 4 has no 'area'");
    }

    @Test
    void rleThatDoesNotFillTheMask() {
        Path g = CocoFiles.write(dir, "gt.json", """
                {"images": [{"id": 1, "height": 10, "width": 10}], "categories": [{"id": 1}],
                 "annotations": [{"id": 4, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1,
                   "segmentation": {"size": [10, 10], "counts": [5, 10]}}]}""");
        EvaluationException e = assertThrows(EvaluationException.class, () -> CocoGroundTruth.read(g, IouType.SEGM));
        assertContains(e.getMessage(), "RLE counts sum to 15, expected 10*10 = 100");
    }

    @Test
    void invalidCompressedRleNamesTheFirstBadDetection() {
        // Detections #1 and #2 are bad; masks are decoded in parallel, #1 is still the one named.
        Path d = CocoFiles.write(dir, "dt.json", """
                [{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 10], "counts": "5:e2"}},
                 {"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 10], "counts": "5:e2~"}},
                 {"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 10], "counts": "5:"}}]""");
        EvaluationException e = assertThrows(EvaluationException.class, () -> CocoDetections.read(d));
        assertContains(e.getMessage(), d + ": detection #1: invalid character '~' in RLE string at 4");
    }

    @Test
    void compressedRleThatDoesNotFillTheMask() {
        Path d = CocoFiles.write(dir, "dt.json", """
                [{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 10], "counts": "5:"}}]""");
        EvaluationException e = assertThrows(EvaluationException.class, () -> CocoDetections.read(d));
        assertContains(e.getMessage(), d + ": detection #0: RLE counts sum to 15, expected 10*10 = 100");
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.json");
        EvaluationException e = assertThrows(EvaluationException.class, () -> CocoDetections.read(missing));
        assertContains(e.getMessage(), missing + ": no such file");
    }
}
