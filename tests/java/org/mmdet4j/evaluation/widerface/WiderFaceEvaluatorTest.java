package org.mmdet4j.evaluation.widerface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mmdet4j.evaluation.widerface.WiderFaceCase.face;
import static org.mmdet4j.evaluation.widerface.WiderFaceCase.hit;
import static org.mmdet4j.evaluation.widerface.WiderFaceCase.miss;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.widerface.WiderBox;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderSubsets;

/**
 * Hand-worked cases of the official evaluation. Scores are chosen inside [0, 1] with 0 and 1
 * present, so normalising leaves them as they are. With 1000 thresholds {@code 1 - (t+1)/1000},
 * a score s is counted from the first threshold at or below it: 1.0 from t = 0, 0.5 from
 * t = 499, 0.85 from t = 149 and 0.0 only at t = 999. The AP is the sum, over the points where
 * recall rises, of the rise times the best precision at that recall or beyond.
 */
class WiderFaceEvaluatorTest {
    private static final double EPS = 1e-12;
    private static final int[] NONE = {};

    @TempDir
    Path dir;

    private static final WiderBox A1 = face(0, 0), A2 = face(100, 0), B1 = face(0, 0);

    private static void assertAll3(double expected, WiderFaceResult r) {
        assertEquals(expected, r.easy(), EPS, "easy");
        assertEquals(expected, r.medium(), EPS, "medium");
        assertEquals(expected, r.hard(), EPS, "hard");
    }

    /**
     * Image a: two faces; a hit at 1.0 and a miss at 0.5. Image b: one face; a hit at 0.0.
     * Thresholds t <= 498: P 1/1, R 1/3; t 499..998: P 1/2, R 1/3; t = 999: P 2/3, R 2/3.
     * AP = 1/3 * 1 + 1/3 * 2/3 (the envelope lifts 1/2 to 2/3) + 1/3 * 0 = 5/9.
     */
    @Test
    void twoImagesWorkedByHand() {
        WiderFaceResult r = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1, A2), new int[] {1, 2}, hit(A1, 1.0), miss(0.5))
                .image("e/b.jpg", List.of(B1), new int[] {1}, hit(B1, 0.0))
                .evaluate(dir);
        assertAll3(5.0 / 9, r);
    }

    /**
     * The same images with three different subsets. Easy keeps a's first face only: b's hit
     * falls on an unkept face (no proposal), a's miss is a false positive: t <= 498 P 1, R 1, so
     * AP 1. Medium keeps a's two faces: R 1/2 throughout, best precision 1: AP 1/2. Hard keeps all.
     */
    @Test
    void subsetsAreEvaluatedSeparately() {
        WiderFaceResult r = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1, A2), new int[] {1}, new int[] {1, 2}, new int[] {1, 2},
                        hit(A1, 1.0), miss(0.5))
                .image("e/b.jpg", List.of(B1), NONE, NONE, new int[] {1}, hit(B1, 0.0))
                .evaluate(dir);
        assertEquals(1.0, r.easy(), EPS);
        assertEquals(0.5, r.medium(), EPS);
        assertEquals(5.0 / 9, r.hard(), EPS);
    }

    /**
     * A hit on an unkept face is neither a detection nor a false positive: a's first prediction
     * (1.0) hits the unkept a2, its second (0.0) the kept a1. t <= 998: no proposal (precision
     * 0/0 = NaN), R 0; t = 999: P 1, R 1. AP = 1. Without a2 in the ground truth the first
     * prediction is a false positive: P 0 then 1/2, AP 1/2.
     */
    @Test
    void predictionOnAnUnkeptFaceIsNoFalsePositive() {
        WiderFaceResult ignored = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1, A2), new int[] {1}, hit(A2, 1.0), hit(A1, 0.0))
                .evaluate(dir.resolve("ignored"));
        assertAll3(1.0, ignored);
        WiderFaceResult absent = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1), new int[] {1}, hit(A2, 1.0), hit(A1, 0.0))
                .evaluate(dir.resolve("absent"));
        assertAll3(0.5, absent);
    }

    /**
     * Image b keeps none of its faces but is still matched: its miss at 1.0 is a false positive,
     * its hit at 0.85 on the unkept face is no proposal. Image a: one kept face, a hit at 0.0.
     * t <= 998: P 0/1, R 0; t = 999: P 1/2, R 1. AP = 1/2. With b's face kept: t 149..998 P 1/2,
     * R 1/2; t = 999 P 2/3, R 1; AP = 1/2 * 2/3 + 1/2 * 2/3 = 2/3.
     */
    @Test
    void imageWithOnlyUnkeptFacesStillCountsItsFalsePositives() {
        WiderFaceResult unkept = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1), new int[] {1}, hit(A1, 0.0))
                .image("e/b.jpg", List.of(B1), NONE, miss(1.0), hit(B1, 0.85))
                .evaluate(dir.resolve("unkept"));
        assertAll3(0.5, unkept);
        WiderFaceResult kept = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1), new int[] {1}, hit(A1, 0.0))
                .image("e/b.jpg", List.of(B1), new int[] {1}, miss(1.0), hit(B1, 0.85))
                .evaluate(dir.resolve("kept"));
        assertAll3(2.0 / 3, kept);
    }

    /**
     * Image b has a kept face and an empty prediction file: it adds to the face count only.
     * a: hit 1.0, miss 0.0. t <= 998: P 1, R 1/2; t = 999: P 1/2, R 1/2. AP = 1/2.
     */
    @Test
    void imageWithoutPredictionsCountsItsFaces() {
        WiderFaceResult r = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1), new int[] {1}, hit(A1, 1.0), miss(0.0))
                .image("e/b.jpg", List.of(B1), new int[] {1})
                .evaluate(dir);
        assertAll3(0.5, r);
    }

    /**
     * An image without faces (the box file's count 0 and its line of zeros) is skipped, so its
     * prediction at 1.0 is no false positive (it still sets the normalisation's maximum). a: one
     * kept face, a hit at 0.0: t <= 998 no proposal, t = 999 P 1, R 1. AP = 1. Had the image one
     * unkept face far away, the prediction would be a false positive: AP 1/2.
     */
    @Test
    void imageWithoutFacesAddsNothing() throws Exception {
        Path[] files = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1), new int[] {1}, hit(A1, 0.0))
                .image("e/z.jpg", List.of(), NONE, miss(1.0))
                .write(dir.resolve("zero"));
        String gt = Files.readString(files[0]);
        assertEquals("e/z.jpg\n0\n0 0 0 0 0 0 0 0 0 0\n", gt.substring(gt.indexOf("e/z.jpg")));
        WiderBoxFile boxes = WiderBoxFile.read(files[0]);
        WiderFaceResult r = new WiderFaceEvaluator().evaluate(boxes, WiderSubsets.read(files[1], boxes),
                WiderPredictions.read(files[2]));
        assertAll3(1.0, r);
        WiderFaceResult withFace = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1), new int[] {1}, hit(A1, 0.0))
                .image("e/z.jpg", List.of(face(300, 300)), NONE, miss(1.0))
                .evaluate(dir.resolve("face"));
        assertAll3(0.5, withFace);
    }

    /** A subset that keeps no face divides by zero, as the official script: NaN. */
    @Test
    void subsetWithoutFacesIsNaN() {
        WiderFaceResult r = new WiderFaceCase()
                .image("e/a.jpg", List.of(A1), NONE, NONE, new int[] {1}, hit(A1, 1.0), miss(0.0))
                .evaluate(dir);
        assertEquals(Double.NaN, r.easy());
        assertEquals(1.0, r.hard(), EPS);
        assertEquals("Easy   Val AP: nan", r.summaryLines().get(1));
        assertEquals("Hard   Val AP: 1.0", r.summaryLines().get(3));
    }
}
