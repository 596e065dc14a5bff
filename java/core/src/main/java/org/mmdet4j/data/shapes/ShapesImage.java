package org.mmdet4j.data.shapes;

import java.util.List;

/** One generated image: its file name, size, encoded JPEG bytes and objects. */
public record ShapesImage(String fileName, int width, int height, byte[] jpeg, List<ShapeInstance> objects) {
}
