package org.mmdet4j.data.faces;

import java.util.List;

/** One generated image: its event, file name, size, encoded JPEG bytes and faces in file order. */
public record FacesImage(FaceEvent event, String fileName, int width, int height, byte[] jpeg, List<Face> faces) {
    /** The path relative to the split's {@code images/} folder, as the annotation files name it. */
    public String path() {
        return event.folder() + "/" + fileName;
    }
}
