package org.mmdet4j.data.datasets;

import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.data.transforms.Transform;

/** mmdetection's {@code CocoDataset}: a COCO instances JSON plus an image folder. */
public final class CocoDataset {
    private CocoDataset() {
    }

    /** @param classes selected class names, or null for every category of the file */
    public static DetDataset load(Path annFile, String imgPrefix, List<? extends Transform> pipeline,
                                  List<String> classes, DatasetOptions options) {
        ParsedDataset parsed = CocoParser.parse(annFile, classes, options.testMode());
        return new DetDataset(annFile.toString(), parsed, imgPrefix, pipeline, options);
    }
}
