package org.mmdet4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.api.Detection;
import org.mmdet4j.api.DetectionPainter;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.runner.Detections;

/** Dataset images with their detections drawn, as {@code <image name>.png} in a folder. */
final class ResultImages {
    private ResultImages() {
    }

    /** Draws the first {@code limit} images; returns how many were written. */
    static int write(DetDataset dataset, List<Detections> results, List<String> classes, Path dir, double scoreThr,
                     int limit) {
        int n = Math.min(limit, results.size());
        for (int i = 0; i < n; i++) {
            DataInfo info = dataset.info(i);
            Path image = dataset.imgPrefix() == null || dataset.imgPrefix().isEmpty() ? Path.of(info.filename())
                    : Path.of(dataset.imgPrefix(), info.filename());
            DetectionPainter.writePng(DetectionPainter.paint(DetectionPainter.read(image),
                    toList(results.get(i), classes), scoreThr), dir.resolve(pngName(image)));
        }
        return n;
    }

    static String pngName(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".png";
    }

    static List<Detection> toList(Detections d, List<String> classes) {
        return Detection.listOf(d, classes);
    }
}
