package org.mmdet4j.evaluation.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden values for {@link CocoFiles}, worked out by hand and confirmed with pycocotools 2.0.11.
 *
 * <p>At IoU 0.50 both boxes are found (precision 1 at every recall): AP50 = 1. At 0.55..0.95 only
 * the exact box is (recall 0.5, precision 1): 51 of 101 recall points, AP = 51/101. AP =
 * (101 + 9 * 51) / 1010. Recall: 1 at 0.50, 0.5 above, AR100 = 0.55. With one detection per
 * image the best-scored one lies in the crowd region and is ignored: AR1 = 0. No medium or large
 * ground truth: -1. Category 2 has no ground truth and does not count.
 */
class CocoEvaluatorTest {
    /** A perfect curve: pycocotools' precision is tp / (tp + fp + eps), just under 1. */
    private static final double PERFECT = 1 / (1 + Math.ulp(1.0));

    @TempDir
    Path dir;

    private CocoEvalResult evaluate(String gt, String dt, IouType type) {
        Path g = CocoFiles.write(dir, "gt.json", gt);
        Path d = CocoFiles.write(dir, "dt.json", dt);
        return new CocoEvaluator(CocoGroundTruth.read(g, type), CocoDetections.read(d), type).evaluate();
    }

    @Test
    void smallCaseStats() {
        CocoEvalResult r = evaluate(CocoFiles.GT, CocoFiles.DT, IouType.BBOX);
        double ap = 560.0 / 1010;
        double[] expected = {ap, 1.0, 51.0 / 101, ap, -1, -1, 0.0, 0.55, 0.55, 0.55, -1, -1};
        assertArrayEquals(expected, r.stats(), 1e-12);
        assertEquals(ap, r.categoryAp(0, -1), 1e-12);
        assertEquals(1.0, r.categoryAp(0, 0.5), 0.0); // 2 / (2 + eps) rounds to 1
        assertTrue(Double.isNaN(r.categoryAp(1, -1)));
        assertEquals(0.5, r.recall(1, 0, 0, 2), 0.0);   // IoU 0.55, category 1, all, 100 dets
        assertEquals(-1, r.precision(0, 0, 1, 0, 2), 0.0); // category 2: no ground truth
    }

    @Test
    void summaryIsPycocotoolsText() {
        List<String> lines = evaluate(CocoFiles.GT, CocoFiles.DT, IouType.BBOX).summaryLines();
        assertEquals(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.554", lines.get(0));
        assertEquals(" Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 0.505", lines.get(2));
        assertEquals(" Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 0.000", lines.get(6));
        assertEquals(" Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = -1.000", lines.get(11));
    }

    @Test
    void tiedScoresKeepFileOrder() {
        // Two detections of score 0.5 on one ground truth: the first in the file is the TP, the
        // second a duplicate (FP). Reversed, the miss would come first and lower precision.
        String gt = """
                {"images": [{"id": 7, "height": 50, "width": 50}], "categories": [{"id": 1, "name": "a"}],
                 "annotations": [{"id": 1, "image_id": 7, "category_id": 1, "bbox": [0, 0, 10, 10],
                                  "area": 100, "iscrowd": 0}]}""";
        String hitFirst = """
                [{"image_id": 7, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.5},
                 {"image_id": 7, "category_id": 1, "bbox": [30, 30, 5, 5], "score": 0.5}]""";
        String missFirst = """
                [{"image_id": 7, "category_id": 1, "bbox": [30, 30, 5, 5], "score": 0.5},
                 {"image_id": 7, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.5}]""";
        assertEquals(PERFECT, evaluate(gt, hitFirst, IouType.BBOX).stats()[0], 1e-16);
        // precision 1/2 at recall 1: AP 0.5 (values from pycocotools)
        assertEquals(0.5, evaluate(gt, missFirst, IouType.BBOX).stats()[0], 1e-15);
    }

    @Test
    void areaOnRangeBoundIsInBothRanges() {
        // Area 1024 = 32^2 is "small" and "medium": pycocotools' bounds are inclusive.
        String gt = """
                {"images": [{"id": 1, "height": 50, "width": 50}], "categories": [{"id": 1, "name": "a"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 32, 32],
                                  "area": 1024, "iscrowd": 0}]}""";
        String dt = "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 32, 32], \"score\": 1}]";
        double[] s = evaluate(gt, dt, IouType.BBOX).stats();
        assertEquals(PERFECT, s[3], 1e-16);
        assertEquals(PERFECT, s[4], 1e-16);
        assertEquals(-1.0, s[5], 0.0);
    }

    @Test
    void segmOfBoxResultsUsesBoxPolygons() {
        // Ground-truth polygon = the 10x10 square; a box detection becomes the same polygon.
        String gt = """
                {"images": [{"id": 1, "height": 40, "width": 40}], "categories": [{"id": 1, "name": "a"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [5, 5, 10, 10],
                   "area": 100, "iscrowd": 0, "segmentation": [[5, 5, 15, 5, 15, 15, 5, 15]]}]}""";
        String dt = "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [5, 5, 10, 10], \"score\": 0.3}]";
        assertEquals(PERFECT, evaluate(gt, dt, IouType.SEGM).stats()[0], 1e-16);
    }

    @Test
    void emptyResultsGiveMinusOne() {
        CocoEvalResult r = evaluate(CocoFiles.GT, "[]", IouType.BBOX);
        assertTrue(r.isEmpty());
        double[] minusOnes = new double[12];
        java.util.Arrays.fill(minusOnes, -1);
        assertArrayEquals(minusOnes, r.stats(), 0.0);
    }

    @Test
    void linspaceGivesNumpysThresholds() {
        // np.linspace(.5, .95, 10)[5] is exactly 0.75, so the AP75 slice is found by equality.
        double[] t = CocoEvalParams.defaults().iouThresholds();
        assertEquals(0.75, t[5], 0.0);
        assertEquals(0x1.199999999999ap-1, t[1], 0.0);
        assertEquals(0.95, t[9], 0.0);
    }
}
