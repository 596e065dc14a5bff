package org.mmdet4j.data.faces;

/**
 * Everything decided at random for one face before anything is drawn: its geometry, colours,
 * the attributes it is drawn with and an optional occluding rectangle. Drawing then uses no
 * random numbers, so the draw order cannot change the pixels' random stream.
 *
 * @param hair        null for a face drawn without hair
 * @param blur        WIDER blur level the face is drawn with (0, 1, 2)
 * @param expression  1: an open mouth
 * @param light       colour factor of the whole face (1, or far from 1 for extreme illumination)
 * @param occluder    null, or a rectangle drawn over the face after all faces
 */
record FacePlan(FaceModel model, int[] skin, int[] hair, int[] clothes, int[] iris, int blur, int expression,
                double light, Occluder occluder) {
    /** An axis-aligned, optionally striped rectangle in front of a face (a hand, a scarf, a sign). */
    record Occluder(double x1, double y1, double x2, double y2, int[] colour, int[] stripe, int period) {
    }

    int illumination() {
        return light == 1 ? 0 : 1;
    }
}
