package org.mmdet4j.data.datasets;

import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.data.transforms.Transform;

/**
 * mmdetection's {@code VOCDataset} / {@code XMLDataset}. {@code imgPrefix} is the VOC2007 or
 * VOC2012 folder holding {@code Annotations/}, {@code ImageSets/Main/} and {@code JPEGImages/};
 * {@code annFile} is a split file such as {@code ImageSets/Main/trainval.txt}.
 */
public final class VocDataset {
    public static final List<String> VOC_CLASSES = List.of("aeroplane", "bicycle", "bird", "boat", "bottle",
            "bus", "car", "cat", "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person",
            "pottedplant", "sheep", "sofa", "train", "tvmonitor");

    private VocDataset() {
    }

    /**
     * @param allClasses the names the files may use (VOC's 20 for {@code VOCDataset}); other names are errors
     * @param classes    the selected names, or null for all of {@code allClasses}
     */
    public static DetDataset load(Path annFile, Path imgPrefix, List<? extends Transform> pipeline,
                                  List<String> allClasses, List<String> classes, int minSize,
                                  DatasetOptions options) {
        ParsedDataset parsed = VocParser.parse(annFile, imgPrefix, allClasses,
                classes != null ? classes : allClasses, minSize);
        return new DetDataset(annFile.toString(), parsed, imgPrefix.toString(), pipeline, options);
    }
}
