package org.mmdet4j.data.widerface;

import java.util.List;

/**
 * One image of a RetinaFace {@code label.txt}: its path relative to the images folder
 * ({@code event/name.jpg}, the text after {@code #}), its faces in file order, and the 1-based
 * line of its {@code #} line (0 for an image not read from a file), for messages.
 */
public record RetinaFaceImage(String name, List<RetinaFaceLabel> faces, int line) {
    public RetinaFaceImage {
        faces = List.copyOf(faces);
    }

    public RetinaFaceImage(String name, List<RetinaFaceLabel> faces) {
        this(name, faces, 0);
    }
}
