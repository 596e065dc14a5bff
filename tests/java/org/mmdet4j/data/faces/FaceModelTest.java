package org.mmdet4j.data.faces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The face geometry against hand-computed positions. */
class FaceModelTest {
    @Test
    void frontalUprightLandmarksSitAtTheTemplatePositions() {
        FaceModel m = new FaceModel(100, 80, 20, 26, 0, 0);
        // (cx + u a, cy + v b) with the template's (u, v).
        assertArrayEquals(new double[] {92, 75.32, 108, 75.32, 100, 85.2, 93.4, 94.3, 106.6, 94.3}, m.landmarks(),
                1e-9);
        assertArrayEquals(new double[] {80, 54, 120, 106}, m.tightBox(), 1e-9);
    }

    @Test
    void rollTurnsLandmarksAndBoxAboutTheCentre() {
        FaceModel m = new FaceModel(100, 80, 20, 26, 90, 0);
        // Clockwise in the image: local +u points down (+y), local +v points left (-x).
        double[] l = m.landmarks();
        assertEquals(100 - (-0.18 * 26), l[0], 1e-9);
        assertEquals(80 + (-0.40 * 20), l[1], 1e-9);
        assertArrayEquals(new double[] {74, 60, 126, 100}, m.tightBox(), 1e-9);
    }

    @Test
    void yawMovesFeaturesAlongTheHeadsCircle() {
        FaceModel m = new FaceModel(0, 0, 20, 26, 0, 30);
        double[] l = m.landmarks();
        // Nose tip: r(v) = a sqrt(1 - 0.2^2), protruding 1.15, seen at r sin(30 degrees).
        assertEquals(1.15 * 20 * Math.sqrt(1 - 0.04) * 0.5, l[4], 1e-9);
        // Left eye at angle asin(0.4 a / r) turned by 30 degrees.
        double r = 20 * Math.sqrt(1 - 0.18 * 0.18);
        assertEquals(r * Math.sin(Math.asin(8 / r) - Math.toRadians(30)), -l[0], 1e-9);
        assertTrue(l[2] - l[0] < 16, "the far eye is foreshortened towards the near one");
        assertThrows(IllegalArgumentException.class, () -> new FaceModel(0, 0, 20, 26, 0, 60));
    }
}
