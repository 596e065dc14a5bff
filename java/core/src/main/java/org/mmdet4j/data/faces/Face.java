package org.mmdet4j.data.faces;

/**
 * One generated face as the annotation files give it. The box {@code (x, y, w, h)} is the
 * whole-pixel tight box of the skin ellipse, forehead to chin (hair and neck lie outside it).
 * {@code landmarks} are the centres of the drawn features in RetinaFace's order (left eye, right
 * eye, nose tip, left mouth corner, right mouth corner; "left" = smaller x in the upright
 * frontal face, see {@link FaceModel}), {@code x, y} per point rounded to the files' three
 * decimals, or null for a face annotated without landmarks. {@code occludedPoints[p]} is set
 * when point {@code p} lies under another face or an occluder. {@code roll} (in-plane,
 * clockwise in the image) and {@code yaw} are in degrees; {@code quality} is the value written
 * at the end of a RetinaFace label line.
 */
public record Face(int x, int y, int w, int h, double[] landmarks, boolean[] occludedPoints,
                   FaceAttributes attributes, double roll, double yaw, double quality) {
    public static final int POINTS = 5;

    public boolean hasLandmarks() {
        return landmarks != null;
    }
}
