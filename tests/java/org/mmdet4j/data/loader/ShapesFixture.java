package org.mmdet4j.data.loader;

import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;

/** Writes a small generated shapes dataset (COCO layout) for loader tests. */
final class ShapesFixture {
    private ShapesFixture() {
    }

    static Path write(Path dir, int n) throws Exception {
        List<ShapesImage> images = new ShapesGenerator(42).split("train", n);
        ShapesWriter.writeImages(dir, images);
        return ShapesWriter.writeCoco(dir, "train", images);
    }
}
