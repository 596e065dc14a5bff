package org.mmdet4j.evaluation.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.mask.PolygonRasterizer;
import org.mmdet4j.mask.Rle;

/** Results written by {@link CocoDetections#write} read back to the same detections. */
class CocoResultsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void boxesAndMasksRoundTrip() {
        Rle mask = PolygonRasterizer.fromPolygon(new double[] {2, 2, 30, 4, 25, 28, 3, 20}, 40, 50);
        CocoDetections d = new CocoDetections.Builder("memory")
                .add(3, 1, new double[] {1.5, 2.25, 10, 0.1 + 0.2}, 0.875)
                .add(3, 2, new double[] {0, 0, 4, 5}, 1e-7, mask)
                .build();
        Path file = dir.resolve("results.json");
        d.write(file);
        CocoDetections back = CocoDetections.read(file);
        assertEquals(2, back.size());
        assertArrayEquals(new double[] {1.5, 2.25, 10, 0.1 + 0.2}, back.box(0), 0.0); // shortest repr, exact
        assertEquals(0.875, back.score(0), 0.0);
        assertEquals(10 * (0.1 + 0.2), back.area(0), 0.0);
        assertNull(back.segmentation(0));
        assertEquals(mask, back.segmentation(1).toRle(0, 0));
        assertEquals(20.0, back.area(1), 0.0); // the box area: loadRes' rule when boxes are given
    }

    @Test
    void maskOnlyResultsTakeAreaAndBoxFromTheMask() {
        Rle mask = PolygonRasterizer.fromPolygon(new double[] {2, 2, 30, 4, 25, 28, 3, 20}, 40, 50);
        CocoDetections d = new CocoDetections.Builder("memory").add(3, 1, null, 0.5, mask).build();
        Path file = dir.resolve("results.json");
        d.write(file);
        CocoDetections back = CocoDetections.read(file);
        assertEquals(535.0, back.area(0), 0.0);
        assertArrayEquals(new double[] {2, 2, 28, 26}, back.box(0), 0.0);
    }

    @Test
    void landmarksAreWrittenAsCocoKeypointResults() throws Exception {
        CocoDetections d = new CocoDetections.Builder("memory")
                .add(3, 1, new double[] {10, 20, 30, 40}, 0.9).withKeypoints(new double[] {15, 25, 1, 35, 25, 1})
                .add(3, 1, new double[] {50, 50, 10, 10}, 0.5)
                .build();
        Path file = dir.resolve("results.json");
        d.write(file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("[15.0,25.0,1.0,35.0,25.0,1.0]", json.get(0).get("keypoints").toString());
        assertNull(json.get(1).get("keypoints"));
        assertEquals(2, CocoDetections.read(file).size());  // readers ignore them, as pycocotools' bbox loadRes
    }
}
