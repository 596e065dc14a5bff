package org.mmdet4j.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.config.Config;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesWriter;

/** The shapes RetinaNet config over a small generated shapes dataset in a temporary folder. */
public final class ShapesFixture {
    public static final Path RETINANET_CONFIG = Path.of("configs/retinanet/retinanet_r18_fpn_shapes.yaml");

    private ShapesFixture() {
    }

    /** Writes {@code train} and {@code val} images with COCO annotations under {@code root}. */
    public static void writeShapes(Path root, int train, int val) throws IOException {
        ShapesGenerator gen = new ShapesGenerator(0);
        for (String split : List.of("train", "val")) {
            var images = gen.split(split, split.equals("train") ? train : val);
            ShapesWriter.writeImages(root, images);
            ShapesWriter.writeCoco(root, split, images);
        }
    }

    /** {@code --cfg-options} that point every split of the shapes config at {@code root}. */
    public static List<String> dataRootOptions(Path root) {
        String r = root.toAbsolutePath() + "/";
        return List.of("data.train.data_root=" + r, "data.val.data_root=" + r, "data.test.data_root=" + r);
    }

    public static Config demoConfig(Path root) {
        return Config.fromFile(RETINANET_CONFIG, dataRootOptions(root));
    }
}
