package org.mmdet4j.data.faces;

/**
 * WIDER FACE's attribute flags of one face, in the order of the {@code wider_face_*_bbx_gt.txt}
 * columns after the box: {@code blur} 0 clear, 1 normal, 2 heavy; {@code expression} 0 typical,
 * 1 exaggerated (an open mouth here); {@code illumination} 0 normal, 1 extreme;
 * {@code invalid}; {@code occlusion} 0 none, 1 partial (up to 30% of the face hidden), 2 heavy;
 * {@code pose} 0 typical, 1 atypical (strong yaw or in-plane rotation).
 */
public record FaceAttributes(int blur, int expression, int illumination, boolean invalid, int occlusion, int pose) {
    public FaceAttributes {
        check("blur", blur, 2);
        check("expression", expression, 1);
        check("illumination", illumination, 1);
        check("occlusion", occlusion, 2);
        check("pose", pose, 1);
    }

    private static void check(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be in [0, " + max + "], got " + value);
        }
    }
}
