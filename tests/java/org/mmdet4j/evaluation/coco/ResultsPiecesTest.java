package org.mmdet4j.evaluation.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.evaluation.EvaluationException;
import org.mmdet4j.mask.PolygonRasterizer;
import org.mmdet4j.mask.RleCodec;

/** A results array parsed in pieces gives exactly what one parse from the start gives. */
class ResultsPiecesTest {
    @TempDir
    Path dir;

    /** Results JSON and the byte offset where each detection object starts. */
    private record Results(byte[] json, Set<Integer> starts) {
    }

    /**
     * Detections with bbox, score and an RLE mask, separated by varied whitespace; some carry a
     * string and a nested array that both hold "}, {" (false element starts for the cut search).
     */
    private static Results results(int n, long seed) {
        Random rng = new Random(seed);
        StringBuilder s = new StringBuilder("[");
        Set<Integer> starts = new HashSet<>();
        String[] separators = {", ", ",", ",\n  ", " ,\t"};
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(separators[rng.nextInt(separators.length)]);
            }
            starts.add(s.length());
            double[] box = {rng.nextDouble() * 50, rng.nextDouble() * 50, 1 + rng.nextDouble() * 40,
                    1 + rng.nextDouble() * 40};
            s.append("{\"image_id\": ").append(1 + rng.nextInt(20)).append(", \"category_id\": ")
                    .append(1 + rng.nextInt(3)).append(", \"bbox\": [").append(box[0]).append(", ")
                    .append(box[1]).append(", ").append(box[2]).append(", ").append(box[3])
                    .append("], \"score\": ").append(rng.nextDouble());
            if (i % 7 == 3) {
                s.append(", \"note\": \"x}, {\\\"image_id\\\": 5, \\\"score\\\": 1}, {y\"");
            }
            if (i % 11 == 5) {
                s.append(", \"extra\": [{\"a\": 1}, {\"b\": [2, {\"c\": 3}]}, {}]");
            }
            String counts = RleCodec.encode(PolygonRasterizer.fromBox(box, 100, 100));
            s.append(", \"segmentation\": {\"size\": [100, 100], \"counts\": \"")
                    .append(counts.replace("\\", "\\\\")).append("\"}}");
        }
        s.append("]\n");
        return new Results(s.toString().getBytes(StandardCharsets.US_ASCII), starts);
    }

    private static void assertSame(CocoDetections expected, CocoDetections actual) {
        assertArrayEquals(expected.imageIds, actual.imageIds);
        assertArrayEquals(expected.categoryIds, actual.categoryIds);
        assertArrayEquals(expected.scores, actual.scores);
        assertArrayEquals(expected.boxes, actual.boxes);
        assertArrayEquals(expected.areas, actual.areas);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.segms[i].toRle(0, 0), actual.segms[i].toRle(0, 0), "mask #" + i);
        }
    }

    @Test
    void piecesGiveTheWholeParseAlsoWhenCutsFallOnFalseElementStarts() {
        Results r = results(400, 1);
        CocoDetections whole = CocoResultsReader.read("dt", r.json());
        assertEquals(400, whole.size());
        boolean falseCutSeen = false;
        for (int pieces = 2; pieces <= 64; pieces++) {
            for (int cut : ResultsPieces.cuts(r.json(), pieces)) {
                falseCutSeen |= !r.starts().contains(cut);
            }
            CocoDetections.Builder b = ResultsPieces.parse("dt", r.json(), pieces);
            assertNotNull(b, "pieces " + pieces);
            assertSame(whole, b.build());
        }
        // The decoys in strings and nested arrays were met: the check at the cuts was exercised.
        assertTrue(falseCutSeen);
    }

    @Test
    void cutsAreIncreasingAndFollowAClosingBraceAndAComma() {
        byte[] json = results(200, 2).json();
        int[] cuts = ResultsPieces.cuts(json, 16);
        assertTrue(cuts.length > 8);
        for (int k = 0; k < cuts.length; k++) {
            assertEquals('{', json[cuts[k]]);
            assertTrue(k == 0 || cuts[k] > cuts[k - 1]);
        }
        byte[] one = "[{\"a\": 1}]".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(new int[0], ResultsPieces.cuts(one, 4));
    }

    @Test
    void aBadEntryMakesThePiecesGiveUp() {
        byte[] json = new String(results(300, 3).json(), StandardCharsets.US_ASCII)
                .replaceFirst("\"score\": 0\\.", "\"score\": NaN, \"x\": 0.")
                .getBytes(StandardCharsets.US_ASCII);
        assertNull(ResultsPieces.parse("dt", json, 8));
    }

    @Test
    void anErrorInALargeFileNamesTheEntryCountedFromTheStart() throws Exception {
        // Over two pieces' worth of bytes, so that reading it takes the parallel path.
        int n = 2 * ResultsPieces.MIN_PIECE_BYTES / 100 + 2000;
        List<String> dets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String bad = i == n - 7 ? ", \"bbox\": [1]" : "";
            dets.add("{\"image_id\": " + (1 + i % 2) + ", \"category_id\": 1, \"bbox\": [" + i % 50
                    + ".25, 10.5, 20.125, 30.0625], \"score\": 0.123456789012345" + bad + "}");
        }
        Path file = Files.writeString(dir.resolve("dt.json"), "[" + String.join(",\n", dets) + "]");
        assertTrue(Files.size(file) > 2L * ResultsPieces.MIN_PIECE_BYTES);
        EvaluationException e = assertThrows(EvaluationException.class, () -> CocoDetections.read(file));
        assertEquals(file + ": detection #" + (n - 7) + ": 'bbox' must be [x, y, w, h], got 1 values",
                e.getMessage());
        // Without the bad entry the same file reads in pieces to all its detections.
        Files.writeString(file, Files.readString(file).replace(", \"bbox\": [1]", ""));
        CocoDetections ok = CocoDetections.read(file);
        assertEquals(n, ok.size());
        assertEquals((n - 1) % 50 + 0.25, ok.box(n - 1)[0]);
        assertEquals(1 + (n - 1) % 2, ok.imageId(n - 1));
    }
}
