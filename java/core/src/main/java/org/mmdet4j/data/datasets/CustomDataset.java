package org.mmdet4j.data.datasets;

import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.data.transforms.Transform;

/** mmdetection's {@code CustomDataset}: the middle format read from JSON. */
public final class CustomDataset {
    private CustomDataset() {
    }

    public static DetDataset load(Path annFile, String imgPrefix, List<? extends Transform> pipeline,
                                  List<String> classes, DatasetOptions options) {
        ParsedDataset parsed = MiddleFormatParser.parse(annFile, classes, options.testMode());
        return new DetDataset(annFile.toString(), parsed, imgPrefix, pipeline, options);
    }
}
